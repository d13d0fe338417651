using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Packages;

/// <summary>What <c>pluginreg trust add &lt;file.dll&gt;</c> trusts: the assembly's name and version from its metadata, and its SHA-256.</summary>
public static class TrustedFile
{
    /// <summary>The identity of the assembly file at <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationException">The file is missing, a folder, or not a readable .NET assembly.</exception>
    public static (string Name, string Version, string Sha256) Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new RegistrationException($"'{path}' is a folder: give the path of the dependency's .dll, or its name with --version and --sha256");
        }

        byte[] image;
        try
        {
            image = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RegistrationException($"file '{path}' does not exist");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"cannot read '{path}': {exception.Message}");
        }

        var inspection = AssemblyInspector.Inspect(image, Path.GetFileName(path));
        return inspection.Identity is { } identity
            ? (identity.Name, identity.Version.ToString(), inspection.Sha256)
            : throw new RegistrationException(inspection.Problems);
    }
}
