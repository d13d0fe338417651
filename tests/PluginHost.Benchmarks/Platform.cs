using System.Runtime.Versioning;

// The benchmark drives the host, which stands on Linux (its sandbox needs namespaces, seccomp and Unix file modes).
[assembly: SupportedOSPlatform("linux")]
