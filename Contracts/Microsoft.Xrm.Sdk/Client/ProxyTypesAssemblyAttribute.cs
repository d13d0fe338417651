namespace Microsoft.Xrm.Sdk.Client;

/// <summary>Marks an assembly as holding early-bound classes; PluginHost needs no such marker and ignores it.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ProxyTypesAssemblyAttribute : Attribute
{
}
