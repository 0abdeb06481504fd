using System.Diagnostics;
using System.Text;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.AppHost;

/// <summary>
/// The AppHost run as a person runs it — its own process, with the environment its launch profile sets — but on free
/// ports and a temporary state folder: for what the testing builder cannot show (exit codes, what the terminal says,
/// <c>kill -9</c> of the AppHost itself). Whatever it started is killed on dispose.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsState;

    /// <param name="state">A state folder to reuse (kept on dispose: a second AppHost continues from it); else a new one.</param>
    public AppHostProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? state = null)
    {
        _ownsState = state is null;
        State = state ?? Directory.CreateTempSubdirectory("neolight-apphost-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(BuiltService.AssemblyPath("NeoLight.AppHost"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["AppHost__StateDirectory"] = State;
        foreach (var service in NeoLightSystem.Services)
        {
            Ports[service] = FreePort.Next();
            info.Environment[$"Resources__{service}__Port"] = Ports[service].ToString();
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string State { get; }
    public Dictionary<string, int> Ports { get; } = [];
    public int Pid => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until every service answers <c>/health</c> on its (overridden) fixed port.</summary>
    public async Task WaitAllHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (service, port) in Ports)
        {
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"the AppHost exited with {_process.ExitCode}:\n{Output}");
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{service} not healthy on port {port} within {timeout}; processes:\n" +
                                               string.Join("\n", Family().Select(p => $"  {p.Pid} {p.Command}")) + $"\noutput:\n{Output}");
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode) break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
                await Task.Delay(200);
            }
        }
    }

    /// <summary>
    /// Every process that belongs to this AppHost: its descendants, and DCP (which detaches itself, naming the AppHost
    /// in <c>--monitor</c>) with everything DCP started — the services and the Aspire dashboard.
    /// </summary>
    public IReadOnlyList<(int Pid, string Command)> Family()
    {
        var all = new Dictionary<int, (int Parent, string Command)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                all[pid] = (parent, File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim());
            }
            catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException) { }
        }
        var family = new HashSet<int> { Pid };
        foreach (var (pid, (_, command)) in all)
            if (command.Contains($"--monitor {Pid} ", StringComparison.Ordinal)) family.Add(pid);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, (parent, _)) in all)
                if (!family.Contains(pid) && family.Contains(parent)) grew = family.Add(pid);
        }
        return family.Where(all.ContainsKey).Select(p => (p, all[p].Command)).ToList();
    }

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    public void KillHard() => _process.Kill(); // SIGKILL of the AppHost alone

    public async ValueTask DisposeAsync()
    {
        foreach (var (pid, _) in Family())
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        await Task.Delay(100);
        _process.Dispose();
        if (_ownsState)
            try { Directory.Delete(State, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Ctrl+C as a person gives it (SIGINT to the AppHost); true when it and everything it started are gone in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        var family = Family();
        using (var signal = Process.Start("kill", ["-INT", Pid.ToString()])) await signal.WaitForExitAsync();
        if (await WaitForExitAsync(timeout) is null) return false;
        var deadline = DateTime.UtcNow + timeout;
        while (family.Any(p => IsAlive(p.Pid)))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
