using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// A NeoLight service run for real, as <c>dotnet &lt;its built dll&gt;</c> on a free loopback port: for what an
/// in-memory host cannot show (kill -9, a browser). Always killed on dispose.
/// </summary>
public sealed class BuiltService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BuiltService(string project, int port, IReadOnlyDictionary<string, string> environment, string? executable = null,
        string? workingDirectory = null)
    {
        Port = port;
        var info = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (executable is null) info.ArgumentList.Add(AssemblyPath(project));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        ParentProcessWatcher.Configure(info.Environment, Environment.ProcessId); // the test run; a test may name another
        foreach (var (key, value) in environment) info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }
    public int ProcessId => _process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<BuiltService> StartAsync(string project, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var service = new BuiltService(project, port ?? FreePort.Next(), environment);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return service;
    }

    /// <summary>
    /// A published (e.g. native AOT) build of a service: the executable itself, no <c>dotnet</c> host, in
    /// <paramref name="workingDirectory"/> (a temporary folder unless given; the AppHost runs it in its own folder).
    /// </summary>
    public static async Task<BuiltService> StartExecutableAsync(string executable, IReadOnlyDictionary<string, string> environment,
        string? workingDirectory = null)
    {
        var service = new BuiltService(Path.GetFileName(executable), FreePort.Next(), environment, executable, workingDirectory);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return service;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"service exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/health"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"service not healthy on {BaseAddress} within {timeout}:\n{Output}");
    }

    /// <summary>True when the process ended by itself within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no dispose runs.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) KillHard();
        await Task.CompletedTask;
        _process.Dispose();
    }

    /// <summary>The service's own build output, in the configuration these tests were built in.</summary>
    public static string AssemblyPath(string project)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeoLight.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("NeoLight.sln not found above " + AppContext.BaseDirectory);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release" : "Debug";
        var path = Path.Combine(dir.FullName, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first", path);
    }
}
