using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace TestPlugins.Pipeline;

/// <summary>Traces "order:&lt;config&gt;" and appends the config to SharedVariables["order"].</summary>
public sealed class OrderRecorder(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var order = context.SharedVariables.TryGetValue("order", out var value) ? (string?)value : null;
        context.SharedVariables["order"] = order is null ? unsecureConfig : $"{order},{unsecureConfig}";
        serviceProvider.Tracing().Trace("order:{0}", unsecureConfig);
    }
}

/// <summary>Refuses the operation with its configuration as the message.</summary>
public sealed class Refuser(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        throw new InvalidPluginExecutionException(unsecureConfig ?? "refused");
}

/// <summary>Traces a line, then fails with an unexpected exception whose text must not reach the caller.</summary>
public sealed class Crasher : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        serviceProvider.Tracing().Trace("about to fail on purpose");
        throw new InvalidOperationException("internal detail: connection string secret=42");
    }
}

/// <summary>Sets Target attributes from its configuration "name=value;other=value" (PreValidation/PreOperation).</summary>
public sealed class TargetMutator(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var target = (Entity)serviceProvider.Context().InputParameters["Target"]!;
        foreach (var pair in (unsecureConfig ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            target[parts[0]] = parts[1];
        }
    }
}

/// <summary>
/// Creates a child record through the organization service. Configuration: "entity[;user]" where user is
/// "null" (system), "empty" (the caller) or a GUID. The child's id goes to SharedVariables["childId"].
/// </summary>
public sealed class NestedCreator(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var parts = (unsecureConfig ?? "child").Split(';');
        Guid? user = parts.Length < 2 || parts[1] == "empty" ? Guid.Empty : parts[1] == "null" ? null : Guid.Parse(parts[1]);
        var child = new Entity(parts[0]) { ["parentid"] = new EntityReference(context.PrimaryEntityName, context.PrimaryEntityId) };
        var id = serviceProvider.Organization(user).Create(child);
        context.SharedVariables["childId"] = id;
    }
}

/// <summary>Creates another record of the same entity: with a step on Create, an endless chain.</summary>
public sealed class Looper : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        serviceProvider.Organization(null).Create(new Entity(context.PrimaryEntityName) { ["depth"] = context.Depth });
    }
}

/// <summary>Stage 40 of Retrieve: changes what the caller receives.</summary>
public sealed class RetrieveChanger : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var record = (Entity)serviceProvider.Context().OutputParameters["BusinessEntity"]!;
        record["name"] = $"{record.GetAttributeValue<string>("name")} (seen by plug-in)";
        record["addedbyplugin"] = true;
    }
}

/// <summary>Async: records its context in an "asynclog" record (Mode, Depth, shared variables, correlation).</summary>
public sealed class AsyncRecorder : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        serviceProvider.Organization(null).Create(new Entity("asynclog")
        {
            ["mode"] = context.Mode,
            ["depth"] = context.Depth,
            ["stage"] = context.Stage,
            ["intransaction"] = context.IsInTransaction,
            ["correlation"] = context.CorrelationId.ToString(),
            ["shared"] = context.SharedVariables.TryGetValue("order", out var order) ? order : null,
            ["target"] = context.PrimaryEntityId.ToString(),
            ["postimage"] = context.PostEntityImages.Count,
        });
    }
}

/// <summary>Async: asks to be retried until it has been attempted as often as its configuration says.</summary>
public sealed class RetryUntil(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var service = serviceProvider.Organization(null);
        service.Create(new Entity("attempt") { ["correlation"] = context.CorrelationId.ToString() });
        var attempts = service.RetrieveMultiple(new QueryByAttribute("attempt") { Attributes = { "correlation" }, Values = { context.CorrelationId.ToString() } }).Entities.Count;
        if (attempts < int.Parse(unsecureConfig ?? "2", System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidPluginExecutionException(OperationStatus.Retry, $"attempt {attempts}: not yet");
        }
    }
}

/// <summary>Waits for its configuration in milliseconds (with Task.Delay: a sandbox forbids Thread).</summary>
public sealed class Sleeper(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        Task.Delay(int.Parse(unsecureConfig ?? "1000", System.Globalization.CultureInfo.InvariantCulture)).Wait();
}

/// <summary>Catches the failure of a nested call and carries on: the operation must still roll back.</summary>
public sealed class SwallowingCreator(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        try
        {
            serviceProvider.Organization(null).Create(new Entity(unsecureConfig ?? "child"));
        }
        catch (InvalidPluginExecutionException exception)
        {
            serviceProvider.Tracing().Trace("swallowed: {0}", exception.Message);
        }
    }
}

/// <summary>
/// Async: the first run ever (per configuration key) leaves a marker and then hangs for a minute, so a test can kill
/// the host mid-job; every later run records an "asynclog" row for its record at once.
/// </summary>
public sealed class HangFirstTime(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var service = serviceProvider.Organization(null);
        var key = unsecureConfig ?? "hang";
        if (service.RetrieveMultiple(new QueryByAttribute("marker") { Attributes = { "key" }, Values = { key } }).Entities.Count == 0)
        {
            service.Create(new Entity("marker") { ["key"] = key });
            Task.Delay(TimeSpan.FromMinutes(1)).Wait();
        }

        service.Create(new Entity("asynclog") { ["target"] = context.PrimaryEntityId.ToString() });
    }
}

/// <summary>The main operation of a custom message: repeats "text" "count" times into output "echo".</summary>
public sealed class EchoOperation : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = serviceProvider.Context();
        var text = (string)context.InputParameters["text"]!;
        var count = (int)context.InputParameters["count"]!;
        context.OutputParameters["echo"] = string.Join(" ", Enumerable.Repeat(text, count));
        context.OutputParameters["depth"] = context.Depth;
    }
}

/// <summary>
/// Counts its executions in a static field, which lives as long as the process (sandbox worker) or load context that
/// holds it, and sets Target["sequence"] to the count (PreValidation/PreOperation of Create).
/// </summary>
public sealed class ExecutionCounter : IPlugin
{
    private static int _executions;

    public void Execute(IServiceProvider serviceProvider)
    {
        var target = (Entity)serviceProvider.Context().InputParameters["Target"]!;
        target["sequence"] = ++_executions;
    }
}

/// <summary>Async: waits for its configuration in milliseconds, then records its run in an "asynclog" record.</summary>
public sealed class SlowRecorder(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        Task.Delay(int.Parse(unsecureConfig ?? "1000", System.Globalization.CultureInfo.InvariantCulture)).Wait();
        serviceProvider.Organization(null).Create(new Entity("asynclog") { ["target"] = serviceProvider.Context().PrimaryEntityId.ToString() });
    }
}
