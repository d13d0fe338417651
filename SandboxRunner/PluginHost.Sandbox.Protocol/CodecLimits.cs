namespace PluginHost.Sandbox.Protocol;

/// <summary>Limits shared by the value writer and reader.</summary>
internal static class CodecLimits
{
    /// <summary>How deep values may nest; deeper means a value that contains itself, or corrupt data.</summary>
    public const int MaxDepth = 64;

    /// <summary>Strings up to this many UTF-8 bytes are encoded and decoded on the stack.</summary>
    public const int StackBufferBytes = 512;

    /// <summary>The longest encoded string, so that its length header still fits an int.</summary>
    public const int MaxStringBytes = (int.MaxValue / 2) - 1;
}
