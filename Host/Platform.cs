using System.Runtime.Versioning;

// The sandbox stands on Linux: bubblewrap namespaces, seccomp, Unix file modes and setpriv.
[assembly: SupportedOSPlatform("linux")]
