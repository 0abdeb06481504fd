using System.Net;
using System.Net.Sockets;
using NeoLight.Hosting;
using NeoLight.Hosting.Testing;

namespace NeoLight.Tests.AppHost;

/// <summary>Where Aspire users complain: crash loops, silent WaitFor hangs, cryptic port conflicts.</summary>
public class FailureModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_crash_looping_resource_ends_FailedToStart_with_its_reason()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("crasher", "sh", "-c", "echo 'cannot open config'; exit 3")
            .WithRestartPolicy(new RestartPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), CrashLoopExits = 3 });
        await using var app = builder.Build();
        await app.StartAsync();

        using var timeout = new CancellationTokenSource(Patience);
        var failed = await app.ResourceNotifications.WaitForResourceAsync("crasher", ResourceState.FailedToStart, timeout.Token);
        Assert.Contains("crash loop", failed.Reason);
        Assert.Contains("exit code 3", failed.Reason);
        Assert.Contains("cannot open config", failed.Reason);
        Assert.Equal(2, failed.Restarts); // started, restarted twice, third exit declared the loop
    }

    [Fact]
    public async Task A_WaitFor_timeout_names_the_dependency_its_state_and_output()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var silent = builder.AddExecutable("silent-db", "sh", "-c", "echo 'listening soon'; sleep 30")
            .WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/health");
        builder.AddExecutable("api", "sleep", "30").WaitFor(silent, TimeSpan.FromSeconds(1));
        await using var app = builder.Build();
        await app.StartAsync();

        using var timeout = new CancellationTokenSource(Patience);
        var failed = await app.ResourceNotifications.WaitForResourceAsync("api", ResourceState.FailedToStart, timeout.Token);
        Assert.Contains("'silent-db'", failed.Reason);
        Assert.Contains("Running", failed.Reason);
        Assert.Contains("listening soon", failed.Reason);
        var error = await Assert.ThrowsAsync<ResourceFailedException>(() => app.ResourceNotifications.WaitForResourceHealthyAsync("api"));
        Assert.Equal("api", error.Resource);
    }

    [Fact]
    public async Task A_port_conflict_is_reported_with_the_port_and_the_fix_before_anything_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = DistributedApplicationTestingBuilder.Create(o => o.AssignRandomPorts = false);
        builder.AddExecutable("web", "sleep", "30").WithHttpEndpoint(port: port, env: "PORT");
        await using var app = builder.Build();

        var conflict = await Assert.ThrowsAsync<PortConflictException>(() => app.StartAsync());
        Assert.Contains($"port {port}", conflict.Message);
        Assert.Contains("'web'", conflict.Message);
        Assert.Contains("--Resources:web:Port=", conflict.Message);
        Assert.Empty(app.Supervisors);
    }
}
