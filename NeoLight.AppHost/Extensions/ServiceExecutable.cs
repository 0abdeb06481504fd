using System.Reflection;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// Which build of a service the AppHost starts: its native build (<c>artifacts/native/&lt;name&gt;/&lt;name&gt;</c>, published by
/// the AppHost's own build, see NeoLight.AppHost.csproj) when that is at least as new as every assembly of the JIT build, else
/// the JIT build's executable (<c>bin/&lt;configuration&gt;/net10.0/&lt;name&gt;</c>). A native build older than the JIT build was
/// made from older sources (a solution build or <c>-p:NeoLightNative=false</c> does not publish it), so it is never run.
/// </summary>
public static class ServiceExecutable
{
    public const string NativeSetting = "AppHost:NativeServices";

    /// <summary>The configuration the AppHost was built in, which is the one its services' JIT builds were built in.</summary>
    public static string Configuration { get; } =
        typeof(ServiceExecutable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The native build's executable of the project at <paramref name="projectPath"/> (it may not exist).</summary>
    public static string NativePath(string projectPath)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var repository = Path.GetDirectoryName(Path.GetDirectoryName(projectPath))!;
        return Path.Combine(repository, "artifacts", "native", name, name + Executable);
    }

    /// <summary>The JIT build's executable of the project (it may not exist).</summary>
    public static string JitPath(string projectPath, string configuration, string targetFramework = "net10.0") =>
        Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, targetFramework,
            Path.GetFileNameWithoutExtension(projectPath) + Executable);

    /// <summary>
    /// The executable to start, or null when neither build exists (Aspire's own <c>dotnet run</c> launch is kept then).
    /// </summary>
    public static string? Choose(string projectPath, string configuration, bool preferNative)
    {
        var jit = JitPath(projectPath, configuration);
        var native = NativePath(projectPath);
        if (preferNative && File.Exists(native) && IsCurrent(native, Path.GetDirectoryName(jit)!)) return native;
        return File.Exists(jit) ? jit : null;
    }

    /// <summary>Whether <paramref name="native"/> is at least as new as every assembly in <paramref name="jitOutput"/>.</summary>
    public static bool IsCurrent(string native, string jitOutput)
    {
        if (!Directory.Exists(jitOutput)) return true;
        var built = File.GetLastWriteTimeUtc(native);
        return Directory.EnumerateFiles(jitOutput, "*.dll").All(dll => File.GetLastWriteTimeUtc(dll) <= built);
    }

    private static string Executable => OperatingSystem.IsWindows() ? ".exe" : "";
}
