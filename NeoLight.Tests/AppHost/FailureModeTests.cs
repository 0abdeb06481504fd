using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using NeoLight.AppHost.Extensions;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.AppHost;

/// <summary>Where Aspire users complain: crash loops, silent WaitFor hangs, cryptic port conflicts — each on a tiny app of its
/// own.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class FailureModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Aspire's testing builder for our AppHost (whose assembly carries the DCP and dashboard paths a builder needs),
    /// emptied of NeoLight's services so that each test states the little app it is about.
    /// </summary>
    private static async Task<IDistributedApplicationTestingBuilder> EmptyBuilderAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeoLight_AppHost>(
            [$"--AppHost:StateDirectory={Path.Combine(Path.GetTempPath(), "neolight-empty")}", .. args]);
        foreach (var resource in builder.Resources.OfType<ProjectResource>().ToList()) builder.Resources.Remove(resource);
        return builder;
    }

    private static string? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString();

    [Fact]
    public async Task A_crash_looping_resource_ends_FailedToStart_with_its_exit_code_and_last_output()
    {
        using var builder = await EmptyBuilderAsync();
        builder.AddExecutable("crasher", "sh", Path.GetTempPath(), "-c", "echo 'cannot open config'; sleep 0.2; exit 3")
            .WithRestartPolicy(new RestartPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), CrashLoopExits = 3 });
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        using var timeout = new CancellationTokenSource(Patience);
        var failed = await app.ResourceNotifications.WaitForResourceAsync("crasher",
            e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart && Property(e.Snapshot,
                ResourceProperties.Failure) is not null,
            timeout.Token);
        var reason = Property(failed.Snapshot, ResourceProperties.Failure)!;
        Assert.Contains("crash loop: 3 exits within 60 s", reason);
        Assert.Contains("last exit code 3", reason);
        Assert.Contains("cannot open config", reason);
        Assert.Equal("2", Property(failed.Snapshot, ResourceProperties.Restarts)); // started, restarted twice, the third exit is the loop
        Assert.Equal(KnownResourceStateStyles.Error, failed.Snapshot.State?.Style);
    }

    [Fact]
    public async Task A_WaitFor_timeout_fails_the_waiting_resource_naming_the_dependency_and_its_state()
    {
        using var builder = await EmptyBuilderAsync();
        var silent = builder.AddExecutable("silent-db", "sh", Path.GetTempPath(), "-c", "echo 'listening soon'; sleep 60")
            .WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/health");
        builder.AddExecutable("api", "sleep", Path.GetTempPath(), "60").WaitFor(silent).WithWaitTimeout(TimeSpan.FromSeconds(2));
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        using var timeout = new CancellationTokenSource(Patience);
        var failed = await app.ResourceNotifications.WaitForResourceAsync("api",
            e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, timeout.Token);
        var reason = Property(failed.Snapshot, ResourceProperties.Failure);
        Assert.NotNull(reason);
        // Named with the state and health Aspire last reported (Running/Unhealthy once its first probe ran).
        Assert.Matches(@"'silent-db' \(state (Running|Starting), health (Unhealthy|unknown)\)", reason);
        Assert.Contains("gave up after waiting 2 s", reason);
        Assert.Contains(WaitTimeoutExtensions.TimeoutSetting, reason);
    }

    [Fact]
    public async Task A_port_conflict_is_reported_with_the_port_the_resource_and_the_fix_before_anything_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var apphost = new AppHostProcess([], new Dictionary<string,
            string> { ["Resources__risk-engine__Port"] = port.ToString() });

        var exit = await apphost.WaitForExitAsync(Patience);
        Assert.True(exit == 1, $"exit {exit}:\n{apphost.Output}");
        Assert.Contains($"port {port} of 'risk-engine' is already in use", apphost.Output);
        Assert.Contains("--Resources:risk-engine:Port=<port>", apphost.Output);
        Assert.DoesNotContain("   at ", apphost.Output); // one message, no stack trace
        Assert.DoesNotContain(apphost.Family(), p => p.Command.Contains("NeoLight.Dashboard", StringComparison.Ordinal)); // nothing started
    }

    [Fact]
    public async Task A_port_override_comes_from_configuration_without_editing_program()
    {
        using var builder = await EmptyBuilderAsync("--Resources:web:Port=9123");
        var web = builder.AddExecutable("web", "sleep", Path.GetTempPath(), "60").WithServiceEndpoint(8100, env: "PORT");
        Assert.Equal(9123, web.Resource.Annotations.OfType<EndpointAnnotation>().Single().Port);
        using var bad = await EmptyBuilderAsync("--Resources:web:Port=99999");
        var error = Assert.Throws<DistributedApplicationException>(() => bad.AddExecutable("web", "sleep", Path.GetTempPath(),
            "60").WithServiceEndpoint(8100, env: "PORT"));
        Assert.Contains("Resources:web:Port='99999'", error.Message);
    }
}
