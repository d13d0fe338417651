using System.Runtime.Versioning;

// The worker stands on Linux: seccomp, Landlock, rlimits and Unix file modes for its private plug-in cache.
[assembly: SupportedOSPlatform("linux")]
