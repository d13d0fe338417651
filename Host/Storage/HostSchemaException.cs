namespace PluginHost.Host.Storage;

/// <summary>The host's tables cannot be brought up to this program's schema; the message says why and what to do.</summary>
internal sealed class HostSchemaException(string message, Exception? inner = null) : Exception(message, inner);
