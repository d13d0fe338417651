global using Microsoft.Xrm.Sdk.Query;
[assembly: Microsoft.Xrm.Sdk.Client.ProxyTypesAssembly]
