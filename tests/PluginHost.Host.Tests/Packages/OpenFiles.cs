namespace PluginHost.Host.Tests.Packages;

/// <summary>What a process's file descriptors point to, read from /proc.</summary>
internal static class OpenFiles
{
    /// <summary>The paths open in process <paramref name="pid"/> ("self" for this one) that lie under <paramref name="folder"/>.</summary>
    public static List<string> Under(string folder, string pid = "self")
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith(folder, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed since the listing.
            }
        }

        return open;
    }
}
