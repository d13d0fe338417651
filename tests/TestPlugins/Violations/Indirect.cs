namespace TestPlugins.Violations;

/// <summary>Disallowed types reached without naming a disallowed member: generic arguments and method pointers.</summary>
public static class Indirect
{
    /// <summary>Only List&lt;FileInfo&gt; members are called: FileInfo is a generic argument of a TypeSpec.</summary>
    public static int CountFileInfos() => new List<FileInfo>().Count;

    /// <summary>DriveInfo only as the argument of a generic method instantiation (a MethodSpec).</summary>
    public static int NoDrives() => Array.Empty<DriveInfo>().Length;

    /// <summary>A delegate to a static disallowed method: ldftn, no call.</summary>
    public static Action<string> DeleteFileLater() => File.Delete;

    /// <summary>A delegate to a virtual disallowed method: ldvirtftn, no call.</summary>
    public static Action DeleteInfoLater(FileSystemInfo info) => info.Delete;
}

/// <summary>Inherits a disallowed type and adds nothing to it.</summary>
public sealed class LoggingHandler : DelegatingHandler
{
}

/// <summary>Inherits FileStream.</summary>
public sealed class AuditStream(string path) : FileStream(path, FileMode.Append)
{
}
