using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NeoLight.Hosting;

/// <summary>A port another process holds: the message says which resource wanted it and how to choose another.</summary>
public sealed class PortConflictException(string message) : Exception(message);

/// <summary>
/// The running application: starts every resource (each waits for what it WaitFor-s), serves the
/// orchestration dashboard, and stops everything in reverse start order. Aspire's shape and names.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly List<ResourceSupervisor> _supervisors = [];
    private readonly Dictionary<ResourceSupervisor, Task> _runs = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private OrchestrationDashboard? _dashboard;
    private Telemetry.OtlpReceiver? _otlp;
    private bool _started, _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder) => _builder = builder;

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(args, TestingHook.Current?.Configure);

    public ResourceNotificationService ResourceNotifications { get; } = new();
    public DistributedApplicationOptions Options => _builder.Options;
    public IReadOnlyList<ResourceSupervisor> Supervisors => _supervisors;
    public Uri? DashboardUrl => _dashboard?.Url;
    public Uri? OtlpUrl => _otlp?.Url;
    /// <summary>What the services reported over OTLP to the AppHost's receiver.</summary>
    public Telemetry.TelemetryStore Telemetry { get; } = new();

    public ResourceSupervisor Supervisor(string instanceName) =>
        _supervisors.FirstOrDefault(s => s.Instance.Name == instanceName) ?? throw new ArgumentException($"no resource named '{instanceName}'");

    public Uri GetEndpoint(string resourceName, string endpointName = "http")
    {
        var instance = Supervisor(resourceName).Instance;
        var port = instance.Ports.First(p => p.Endpoint.Name == endpointName).Port;
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>A client whose base address is the resource's endpoint, as Aspire's testing API gives.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http") =>
        new() { BaseAddress = GetEndpoint(resourceName, endpointName), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Allocates ports (refusing taken ones with a clear message), then starts every resource.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started) return;
        _started = true;
        if (Options.TemporaryRoot is { } root)
            foreach (var resource in _builder.Resources) resource.WorkingDirectory = Path.Combine(root, resource.Name);
        var instances = AllocateInstances();
        if (Options.OtlpPort is { } otlpPort)
        {
            _otlp = new Telemetry.OtlpReceiver(Telemetry, AssignRandom(otlpPort), Options.OtlpApiKey);
            await _otlp.StartAsync(cancellationToken);
            Options.OtlpEndpoint ??= _otlp.Url.ToString().TrimEnd('/');
        }
        foreach (var (_, list) in instances)
            foreach (var instance in list)
            {
                var env = ResourceEnvironment.For(instance, instances, Options, Environment.ProcessId);
                _supervisors.Add(new ResourceSupervisor(instance, env, ResourceNotifications, Options,
                    name => _supervisors.FirstOrDefault(s => s.Instance.Name == name)?.Logs, _time));
            }
        if (Options.DashboardPort is { } port)
        {
            _dashboard = new OrchestrationDashboard(this, AssignRandom(port));
            await _dashboard.StartAsync(cancellationToken);
        }
        foreach (var supervisor in _supervisors) Launch(supervisor);
    }

    private void Launch(ResourceSupervisor supervisor) => _runs[supervisor] = Task.Run(() => supervisor.RunAsync(_stopping.Token));

    private int AssignRandom(int port) => Options.AssignRandomPorts ? FreePort() : port;

    private Dictionary<Resource, IReadOnlyList<ResourceInstance>> AllocateInstances()
    {
        var taken = new List<string>();
        var result = new Dictionary<Resource, IReadOnlyList<ResourceInstance>>();
        foreach (var resource in _builder.Resources)
        {
            var list = new List<ResourceInstance>();
            for (var replica = 0; replica < resource.Replicas; replica++)
            {
                var ports = new List<(EndpointAnnotation, int)>();
                foreach (var endpoint in resource.Endpoints)
                {
                    var port = Options.AssignRandomPorts || endpoint.Port == 0 ? FreePort() : endpoint.Port + replica;
                    if (!Options.AssignRandomPorts && endpoint.Port != 0 && !IsFree(port))
                        taken.Add($"port {port} (resource '{resource.Name}', endpoint '{endpoint.Name}') is already in use by another process. "
                                  + $"Stop that process, or give '{resource.Name}' another port: "
                                  + $"dotnet run --project NeoLight.AppHost -- --Resources:{resource.Name}:Port={port + 1000} "
                                  + $"(or the environment variable Resources__{resource.Name}__Port={port + 1000}).");
                    ports.Add((endpoint, port));
                }
                list.Add(new ResourceInstance(resource, replica, ports));
            }
            result[resource] = list;
        }
        if (Options.DashboardPort is { } dashboardPort && !Options.AssignRandomPorts && !IsFree(dashboardPort))
            taken.Add($"port {dashboardPort} (the orchestration dashboard) is already in use. Choose another with --AppHost:DashboardPort=18889, or 0 for none.");
        if (Options.OtlpPort is { } otlp && !Options.AssignRandomPorts && !IsFree(otlp))
            taken.Add($"port {otlp} (the OTLP receiver) is already in use. Choose another with --AppHost:OtlpPort=18891, or 0 for none.");
        if (taken.Count > 0) throw new PortConflictException(string.Join(Environment.NewLine, taken));
        return result;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until every resource is running and healthy; throws naming the first that cannot be.</summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var supervisor in _supervisors)
            await ResourceNotifications.WaitForResourceHealthyAsync(supervisor.Instance.Name, cancellationToken);
    }

    public async Task StartResourceAsync(string name)
    {
        var supervisor = Supervisor(name);
        if (_runs.TryGetValue(supervisor, out var run) && !run.IsCompleted) return;
        supervisor.Reset();
        Launch(supervisor);
        await Task.CompletedTask;
    }

    public Task StopResourceAsync(string name) => Supervisor(name).StopAsync();

    public void RestartResource(string name) => Supervisor(name).Restart();

    /// <summary>Stops resources in reverse start order: SIGTERM, a grace period, then kill.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        var order = _supervisors
            .OrderByDescending(s => ResourceNotifications.Get(s.Instance.Name)?.StartedAt ?? DateTimeOffset.MinValue)
            .ToList();
        foreach (var supervisor in order)
        {
            await supervisor.StopAsync();
            if (_runs.TryGetValue(supervisor, out var run)) await run.WaitAsync(Options.StopGracePeriod * 2).ConfigureAwait(false);
        }
        await _stopping.CancelAsync();
        await Task.WhenAll(_runs.Values).WaitAsync(Options.StopGracePeriod * 2).ConfigureAwait(false);
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        if (_otlp is not null) await _otlp.DisposeAsync();
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything. Program.cs ends with this.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Validation.ValidationOptions.IsRequested(_builder.Args))
        {
            Environment.ExitCode = await ValidateAsync(cancellationToken);
            return;
        }
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; shutdown.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; shutdown.Cancel(); });
        var console = new ConsoleReporter(this);
        Options.OutputSink ??= console.ResourceOutput;
        try
        {
            await StartAsync(shutdown.Token);
            console.Starting();
            var healthy = WaitForAllHealthyAsync(shutdown.Token);
            try
            {
                await healthy;
                console.AllHealthy();
            }
            catch (ResourceFailedException failed)
            {
                console.Failed(failed);
            }
            await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (PortConflictException conflict)
        {
            console.PortConflict(conflict);
            Environment.ExitCode = 2;
        }
        finally
        {
            console.Stopping();
            await StopAsync();
        }
    }

    /// <summary><c>dotnet run --project NeoLight.AppHost -- validate</c>: exit code 0 only when every check and threshold held.</summary>
    private async Task<int> ValidateAsync(CancellationToken cancellationToken)
    {
        Validation.ValidationOptions options;
        try
        {
            options = Validation.ValidationOptions.Parse(_builder.Args);
        }
        catch (ArgumentException bad)
        {
            Console.Error.WriteLine($"validate: {bad.Message}");
            return 2;
        }
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; shutdown.Cancel(); });
        try
        {
            if (options.Targets.Count > 0)
            {
                Console.WriteLine($"Validating the running system at {string.Join(", ", options.Targets.Select(t => $"{t.Key}={t.Value}"))}");
                var remote = await Validation.ValidationRun.RunAsync(null, options, Console.Out, shutdown.Token);
                return remote.Passed ? 0 : 1;
            }
            Options.OutputSink = null; // the services' own output stays in their ring buffers (and the report says what failed)
            Console.WriteLine("Starting the system to validate it…");
            await StartAsync(shutdown.Token);
            using var healthy = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
            healthy.CancelAfter(TimeSpan.FromSeconds(120));
            await WaitForAllHealthyAsync(healthy.Token);
            var report = await Validation.ValidationRun.RunAsync(this, options, Console.Out, shutdown.Token);
            return report.Passed ? 0 : 1;
        }
        catch (PortConflictException conflict)
        {
            Console.Error.WriteLine($"validate cannot start the system:{Environment.NewLine}{conflict.Message}{Environment.NewLine}To check a system that is already running, pass --target NAME=URL for each service.");
            return 2;
        }
        catch (ResourceFailedException failed)
        {
            Console.Error.WriteLine($"validate: {failed.Resource} did not become healthy: {failed.Reason}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("validate: cancelled");
            return 1;
        }
        finally
        {
            await StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        if (Options.TemporaryRoot is { } root)
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
