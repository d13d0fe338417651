using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Http;

/// <summary>The message endpoints of SPEC §8: each request runs one message through the pipeline.</summary>
internal static class EntityEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/entities/{entity}", async (HttpContext http, string entity, PipelineEngine engine) =>
        {
            var target = TypedJson.ReadEntity(entity, Guid.Empty, await JsonBody.ReadAsync(http, allowEmpty: false));
            var output = await engine.ExecuteAsync(Request(http, "Create", entity, Guid.Empty, new ParameterCollection { ["Target"] = target }));
            var id = (Guid)output["id"]!;
            return Results.Json(new { id }, statusCode: 201);
        });

        app.MapGet("/api/entities/{entity}/{id}", async (HttpContext http, string entity, string id, PipelineEngine engine) =>
        {
            var recordId = ParseId(id);
            var columns = http.Request.Query["columns"].ToString();
            var output = await engine.ExecuteAsync(Request(http, "Retrieve", entity, recordId, new ParameterCollection
            {
                ["Target"] = new EntityReference(entity, recordId),
                ["ColumnSet"] = string.IsNullOrWhiteSpace(columns) ? new ColumnSet(true) : new ColumnSet(ListQuery.ColumnNames(columns)),
            }));
            return JsonResult(200, writer => TypedJson.WriteEntity(writer, (Entity)output["BusinessEntity"]!));
        });

        app.MapPatch("/api/entities/{entity}/{id}", async (HttpContext http, string entity, string id, PipelineEngine engine) =>
        {
            var recordId = ParseId(id);
            var target = TypedJson.ReadEntity(entity, recordId, await JsonBody.ReadAsync(http, allowEmpty: false));
            await engine.ExecuteAsync(Request(http, "Update", entity, recordId, new ParameterCollection { ["Target"] = target }));
            return Results.NoContent();
        });

        app.MapDelete("/api/entities/{entity}/{id}", async (HttpContext http, string entity, string id, PipelineEngine engine) =>
        {
            var recordId = ParseId(id);
            await engine.ExecuteAsync(Request(http, "Delete", entity, recordId, new ParameterCollection { ["Target"] = new EntityReference(entity, recordId) }));
            return Results.NoContent();
        });

        app.MapGet("/api/entities/{entity}", async (HttpContext http, string entity, PipelineEngine engine, IOptions<PluginHostOptions> options) =>
        {
            var query = ListQuery.Parse(entity, http.Request.Query, options.Value.MaxPageSize);
            var output = await engine.ExecuteAsync(Request(http, "RetrieveMultiple", entity, Guid.Empty, new ParameterCollection { ["Query"] = query }));
            var collection = (EntityCollection)output["BusinessEntityCollection"]!;
            var nextLink = ListQuery.NextLink(http.Request, collection);
            return JsonResult(200, writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                writer.WriteStartArray();
                foreach (var record in collection.Entities)
                {
                    TypedJson.WriteEntity(writer, record);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("moreRecords", collection.MoreRecords);
                if (nextLink is not null)
                {
                    writer.WriteString("nextLink", nextLink);
                }

                writer.WriteEndObject();
            });
        });

        app.MapPost("/api/messages/{name}", async (HttpContext http, string name, PipelineEngine engine) =>
        {
            var parameters = TypedJson.ReadParameters(await JsonBody.ReadAsync(http, allowEmpty: true));
            var (entityName, id) = parameters.TryGetValue("Target", out var target) ? target switch
            {
                EntityReference reference => (reference.LogicalName, reference.Id),
                Entity entity => (entity.LogicalName, entity.Id),
                _ => (PipelineEngine.Unbound, Guid.Empty),
            } : (PipelineEngine.Unbound, Guid.Empty);
            if (name is "Create" or "Retrieve" or "RetrieveMultiple" or "Update" or "Delete")
            {
                throw PipelineException.BadRequest($"{name} is a built-in message: use /api/entities/{{entity}}");
            }

            var output = await engine.ExecuteAsync(Request(http, name, entityName, id, parameters));
            return JsonResult(200, writer => TypedJson.WriteParameters(writer, output));
        });
    }

    private static PipelineRequest Request(HttpContext http, string message, string entity, Guid id, ParameterCollection input)
    {
        // Who the caller is, and whom it may act as, was settled by the security layer (Http/Security).
        var (userId, initiatingUserId) = Security.Impersonation.Users(http);
        return new PipelineRequest(message, entity, id, input)
        {
            UserId = userId,
            InitiatingUserId = initiatingUserId,
            CorrelationId = ApiErrors.CorrelationOf(http),
            UserAgent = http.Request.Headers.UserAgent.ToString(),
            Cancellation = http.RequestAborted,
        };
    }

    private static Guid ParseId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw PipelineException.BadRequest($"'{id}' is not a valid record id: ids are GUIDs");

    private static TypedJsonResult JsonResult(int status, Action<Utf8JsonWriter> write) => new TypedJsonResult(status, write);

    private sealed class TypedJsonResult(int status, Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }

            await httpContext.Response.Body.WriteAsync(buffer.ToArray());
        }
    }
}
