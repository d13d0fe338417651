global using Microsoft.Xrm.Sdk.Query;
