using System.IO.MemoryMappedFiles;

namespace TestPlugins.Violations;

/// <summary>File system: File*, Directory*, FileStream, FileInfo, DriveInfo, memory-mapped files.</summary>
public static class FileSystem
{
    public static string ReadFile(string path) => File.ReadAllText(path);

    public static string[] ListDirectory(string path) => Directory.GetFiles(path);

    public static Stream OpenStream(string path) => new FileStream(path, FileMode.Open);

    public static long FileSize(string path) => new FileInfo(path).Length;

    public static int DriveCount() => DriveInfo.GetDrives().Length;

    public static long MapMemory()
    {
        using var map = MemoryMappedFile.CreateNew(null, 4096);
        using var view = map.CreateViewAccessor();
        return view.Capacity;
    }
}
