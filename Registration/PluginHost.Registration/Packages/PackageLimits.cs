namespace PluginHost.Registration.Packages;

/// <summary>
/// How much of a .nupkg registration reads: the whole file, each entry decompressed, and all the assemblies together. A
/// zip entry's declared size is the archive's claim, not a fact: copies stop one byte past the limit instead.
/// </summary>
internal sealed record PackageLimits(long MaxFileBytes, long MaxEntryBytes, long MaxAssemblyBytes)
{
    /// <summary>512 MiB of package, 256 MiB per entry, 1 GiB of assemblies.</summary>
    public static PackageLimits Default { get; } = new(512L * 1024 * 1024, 256L * 1024 * 1024, 1024L * 1024 * 1024);

    /// <summary>A byte count as a message says it, e.g. 256 MiB or 1,000 bytes.</summary>
    public static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024):N0} MiB" : $"{bytes:N0} bytes";
}
