using System.Diagnostics;

namespace NeoLight.AppHost;

/// <summary>
/// One service run as <c>dotnet &lt;its dll&gt;</c>, its output shown prefixed with its name, its readiness
/// polled on /health, stopped with the AppHost. The full orchestration core (ordered start of every
/// resource, restarts, dashboard, testing builder) is its own issue; this is what runs until then.
/// </summary>
public sealed class ServiceProcess(string name, string assemblyPath, int port, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private Process? _process;

    public string Name { get; } = name;
    public Uri Url { get; } = new($"http://127.0.0.1:{port}");

    public void Start()
    {
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException($"{Name}: {assemblyPath} is missing; build the solution first.");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(assemblyPath);
        info.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        info.Environment["NEOLIGHT_PARENT_PID"] = Environment.ProcessId.ToString();
        foreach (var (key, value) in environment) info.Environment[key] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{Name}: could not start dotnet.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"{Name,-12}| {e.Data}"); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"{Name,-12}| {e.Data}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy.");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/health"), cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{Name} was not healthy at {Url}health within {timeout.TotalSeconds:0} s.");
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
    }
}
