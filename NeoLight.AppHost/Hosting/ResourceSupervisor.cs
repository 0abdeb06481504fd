using System.ComponentModel;
using System.Diagnostics;

namespace NeoLight.Hosting;

/// <summary>
/// Runs one resource instance for the life of the application: waits for its dependencies (with a
/// timeout that names them), starts the process, captures its output, probes its health, and restarts
/// it with back-off when it exits unexpectedly, until a crash loop is declared (FailedToStart).
/// </summary>
public sealed class ResourceSupervisor
{
    private readonly ResourceInstance _instance;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ResourceNotificationService _notifications;
    private readonly DistributedApplicationOptions _options;
    private readonly Func<string, LogRing?> _logsOf;
    private readonly TimeProvider _time;
    private readonly List<DateTimeOffset> _exits = [];
    private readonly Lock _gate = new();
    private Process? _process;
    private CancellationTokenSource? _stopCurrent;
    private volatile bool _stopRequested;
    private volatile bool _restartRequested;
    private int _restarts;

    public ResourceSupervisor(ResourceInstance instance, IReadOnlyDictionary<string, string> environment, ResourceNotificationService notifications,
        DistributedApplicationOptions options, Func<string, LogRing?> logsOf, TimeProvider time)
    {
        _instance = instance;
        _environment = environment;
        _notifications = notifications;
        _options = options;
        _logsOf = logsOf;
        _time = time;
        notifications.Publish(new ResourceSnapshot
        {
            Name = instance.Name,
            Type = instance.Resource.Type,
            State = ResourceState.NotStarted,
            Urls = instance.Urls,
            Environment = environment,
        });
    }

    public ResourceInstance Instance => _instance;
    public LogRing Logs { get; } = new();
    public int? Pid { get { lock (_gate) return _process is { HasExited: false } p ? p.Id : null; } }

    /// <summary>The resource's whole life: returns when it is stopped, finished, or failed for good.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (!await WaitForDependenciesAsync(stopping)) return;
        while (!stopping.IsCancellationRequested && !_stopRequested)
        {
            var current = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lock (_gate) _stopCurrent = current;
            int exitCode;
            try
            {
                exitCode = await RunOnceAsync(current.Token);
            }
            catch (Exception ex) when (ex is Win32Exception or FileNotFoundException or InvalidOperationException)
            {
                Publish(s => s with { State = ResourceState.FailedToStart, Health = HealthStatus.Unhealthy, Reason = $"could not start: {ex.Message}" });
                return;
            }
            finally
            {
                lock (_gate) _stopCurrent = null;
                current.Dispose();
            }
            if (_restartRequested && !stopping.IsCancellationRequested && !_stopRequested)
            {
                // Asked for from the dashboard: not a crash, so no back-off and no crash-loop count.
                _restartRequested = false;
                _restarts++;
                Publish(s => s with { State = ResourceState.Exited, Pid = null, ExitCode = exitCode, Restarts = _restarts, Reason = "restart requested" });
                continue;
            }
            if (stopping.IsCancellationRequested || _stopRequested)
            {
                Publish(s => s with { State = ResourceState.Finished, Health = HealthStatus.Unknown, Pid = null, ExitCode = exitCode, Reason = "stopped" });
                return;
            }

            var now = _time.GetUtcNow();
            _exits.Add(now);
            var policy = _instance.Resource.RestartPolicy;
            if (!policy.Enabled)
            {
                Publish(s => s with { State = exitCode == 0 ? ResourceState.Finished : ResourceState.Exited, Health = HealthStatus.Unhealthy,
                    Pid = null, ExitCode = exitCode, Reason = $"exited with code {exitCode}; restart policy is off" });
                return;
            }
            if (policy.IsCrashLoop(_exits, now))
            {
                var tail = string.Join(" | ", Logs.Tail(3));
                Publish(s => s with { State = ResourceState.FailedToStart, Health = HealthStatus.Unhealthy, Pid = null, ExitCode = exitCode,
                    Reason = $"crash loop: {policy.CrashLoopExits} exits within {policy.CrashLoopWindow.TotalSeconds:0} s, last exit code {exitCode}; restarts stopped. Last output: {tail}" });
                return;
            }
            _restarts++;
            var delay = policy.DelayBeforeRestart(_restarts);
            Publish(s => s with { State = ResourceState.Exited, Health = HealthStatus.Unhealthy, Pid = null, ExitCode = exitCode, Restarts = _restarts,
                Reason = $"exited with code {exitCode}; restart {_restarts} in {delay.TotalSeconds:0.#} s" });
            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                Publish(s => s with { State = ResourceState.Finished, Reason = "stopped" });
                return;
            }
        }
    }

    private async Task<bool> WaitForDependenciesAsync(CancellationToken stopping)
    {
        if (_instance.Resource.Waits.Count == 0) return true;
        Publish(s => s with { State = ResourceState.Waiting, Reason = "waiting for " + string.Join(", ", _instance.Resource.Waits.Select(w => w.Resource.Name)) });
        foreach (var wait in _instance.Resource.Waits)
        {
            var timeout = wait.Timeout ?? _options.WaitForTimeout;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            try
            {
                await _notifications.WaitForResourceHealthyAsync(wait.Resource.Name, deadline.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                var dependency = _notifications.Get(wait.Resource.Name);
                var tail = _logsOf(wait.Resource.Name)?.Tail(5) ?? [];
                Publish(s => s with
                {
                    State = ResourceState.FailedToStart,
                    Reason = $"gave up waiting {timeout.TotalSeconds:0.#} s for '{wait.Resource.Name}' to be healthy: it is {dependency?.State}"
                             + $" / {dependency?.Health}{(dependency?.Reason is { } r ? $" ({r})" : "")}."
                             + (tail.Count > 0 ? " Its last output: " + string.Join(" | ", tail) : " It printed nothing."),
                });
                return false;
            }
            catch (ResourceFailedException failed)
            {
                Publish(s => s with { State = ResourceState.FailedToStart, Reason = $"dependency '{failed.Resource}' failed: {failed.Reason}" });
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return true;
    }

    private async Task<int> RunOnceAsync(CancellationToken current)
    {
        var (fileName, leading) = _instance.Resource.Command();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _instance.Resource.WorkingDirectory ?? _options.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in leading) info.ArgumentList.Add(a);
        foreach (var a in _instance.Resource.Arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in _environment) info.Environment[k] = v;
        Directory.CreateDirectory(info.WorkingDirectory);

        Publish(s => s with { State = ResourceState.Starting, Health = HealthStatus.Unknown, Reason = null });
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Output(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Output(e.Data, isError: true);
        if (!process.Start()) throw new InvalidOperationException($"{fileName} did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate) _process = process;
        var started = _time.GetUtcNow();
        Publish(s => s with { State = ResourceState.Running, Pid = process.Id, StartedAt = started, ExitCode = null,
            Health = _instance.Resource.HealthPath is null ? HealthStatus.Healthy : HealthStatus.Unknown,
            HealthyAt = _instance.Resource.HealthPath is null ? started : null });

        using var probing = CancellationTokenSource.CreateLinkedTokenSource(current);
        var probe = _instance.Resource.HealthPath is { } path ? ProbeAsync(path, probing.Token) : Task.CompletedTask;
        try
        {
            await process.WaitForExitAsync(current);
        }
        catch (OperationCanceledException)
        {
            await ProcessSignals.StopAsync(process, _options.StopGracePeriod);
        }
        await probing.CancelAsync();
        try { await probe; } catch (OperationCanceledException) { }
        process.WaitForExit(2000); // drain the output readers (bounded: an orphaned grandchild may hold the pipe)
        var code = process.ExitCode;
        lock (_gate) _process = null;
        process.Dispose();
        return code;
    }

    private async Task ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(_instance.Urls[0]), path);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var healthy = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            bool ok;
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                ok = response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                ok = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (ok != healthy || (ok && _notifications.Get(_instance.Name)?.Health != HealthStatus.Healthy))
            {
                healthy = ok;
                var now = _time.GetUtcNow();
                Publish(s => s.State != ResourceState.Running ? s : s with
                {
                    Health = ok ? HealthStatus.Healthy : HealthStatus.Unhealthy,
                    HealthyAt = ok ? s.HealthyAt ?? now : s.HealthyAt,
                });
            }
            await Task.Delay(healthy ? _options.HealthInterval : _options.StartupProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Output(string? line, bool isError)
    {
        if (line is null) return;
        Logs.Add(_time.GetUtcNow(), isError, line);
        _options.OutputSink?.Invoke(_instance.Name, isError, line);
    }

    /// <summary>Stops the current process; the supervisor then ends (Finished).</summary>
    public async Task StopAsync()
    {
        _stopRequested = true;
        CancellationTokenSource? current;
        lock (_gate) current = _stopCurrent;
        try
        {
            if (current is not null) await current.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The run ended between the two lines: nothing left to stop.
        }
    }

    /// <summary>Stops the current process and starts it again at once (the dashboard's restart action).</summary>
    public void Restart()
    {
        _restartRequested = true;
        Process? process;
        lock (_gate) process = _process;
        if (process is not null) _ = ProcessSignals.StopAsync(process, _options.StopGracePeriod);
    }

    /// <summary>Ready to run again after a stop (the dashboard's start action).</summary>
    public void Reset()
    {
        _stopRequested = false;
        _restartRequested = false;
        _exits.Clear();
    }

    /// <summary>Kills the current process as a crash would (for the dashboard's restart and for tests); the policy restarts it.</summary>
    public void KillCurrent()
    {
        lock (_gate)
        {
            if (_process is null) return;
            foreach (var pid in ProcessSignals.Descendants(_process.Id)) { try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } }
            try { _process.Kill(); } catch (InvalidOperationException) { }
        }
    }

    private void Publish(Func<ResourceSnapshot, ResourceSnapshot> change) => _notifications.Update(_instance.Name, change);
}
