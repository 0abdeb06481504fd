using NeoLight.AppHost.Extensions;

namespace NeoLight.Tests.AppHost;

/// <summary>Which build the AppHost starts: the native one only while it is current, on a throw-away repository layout.</summary>
public sealed class ServiceExecutableTests : IDisposable
{
    private readonly string _repository = Directory.CreateTempSubdirectory("neolight-builds-").FullName;
    private readonly string _project;
    private readonly DateTime _built = new(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc);

    public ServiceExecutableTests()
    {
        _project = Path.Combine(_repository, "NeoLight.RiskEngine", "NeoLight.RiskEngine.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(_project)!);
        File.WriteAllText(_project, "<Project />");
    }

    [Fact]
    public void The_paths_are_the_jit_output_and_artifacts_native()
    {
        Assert.Equal(Path.Combine(_repository, "NeoLight.RiskEngine", "bin", "Debug", "net10.0", "NeoLight.RiskEngine"),
            ServiceExecutable.JitPath(_project, "Debug"));
        Assert.Equal(Path.Combine(_repository, "artifacts", "native", "NeoLight.RiskEngine", "NeoLight.RiskEngine"),
            ServiceExecutable.NativePath(_project));
    }

    [Fact]
    public void A_native_build_at_least_as_new_as_every_jit_assembly_is_started()
    {
        var jit = BuildJit("Debug", _built);
        Write(Path.Combine(Path.GetDirectoryName(jit)!, "NeoLight.Risk.dll"), _built.AddMinutes(-5));
        var native = Write(ServiceExecutable.NativePath(_project), _built.AddMinutes(1));
        Assert.Equal(native, ServiceExecutable.Choose(_project, "Debug", preferNative: true));
        Assert.Equal(jit, ServiceExecutable.Choose(_project, "Debug", preferNative: false)); // AppHost:NativeServices=false
    }

    [Fact]
    public void A_native_build_older_than_one_jit_assembly_is_never_started()
    {
        var jit = BuildJit("Debug", _built);
        Write(ServiceExecutable.NativePath(_project), _built.AddMinutes(1));
        // A library the service uses was rebuilt after the native build (its own assembly unchanged): the native one is stale.
        var library = Write(Path.Combine(Path.GetDirectoryName(jit)!, "NeoLight.Risk.dll"), _built.AddMinutes(2));
        Assert.Equal(jit, ServiceExecutable.Choose(_project, "Debug", preferNative: true));
        File.SetLastWriteTimeUtc(library, _built.AddMinutes(1)); // as old as the native build: current again
        Assert.Equal(ServiceExecutable.NativePath(_project), ServiceExecutable.Choose(_project, "Debug", preferNative: true));
    }

    [Fact]
    public void Without_a_native_build_the_jit_one_runs_and_without_either_aspire_launches_the_project()
    {
        Assert.Null(ServiceExecutable.Choose(_project, "Debug", preferNative: true));
        var jit = BuildJit("Release", _built);
        Assert.Equal(jit, ServiceExecutable.Choose(_project, "Release", preferNative: true));
        Assert.Null(ServiceExecutable.Choose(_project, "Debug", preferNative: true)); // another configuration's build is not used
    }

    /// <summary>A JIT build (the executable and its assembly) at <paramref name="time"/>; returns the executable.</summary>
    private string BuildJit(string configuration, DateTime time)
    {
        var executable = ServiceExecutable.JitPath(_project, configuration);
        Write(executable + ".dll", time);
        return Write(executable, time);
    }

    private static string Write(string path, DateTime time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, time);
        return path;
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);
}
