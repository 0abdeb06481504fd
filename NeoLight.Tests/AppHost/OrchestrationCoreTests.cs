using Microsoft.Extensions.Configuration;
using NeoLight.Hosting;

namespace NeoLight.Tests.AppHost;

public class OrchestrationCoreTests
{
    [Fact]
    public void Restart_back_off_doubles_up_to_its_cap()
    {
        var policy = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(n => policy.DelayBeforeRestart(n).TotalSeconds));
    }

    [Fact]
    public void A_crash_loop_is_enough_exits_inside_the_window()
    {
        var policy = new RestartPolicy { CrashLoopExits = 3, CrashLoopWindow = TimeSpan.FromSeconds(60) };
        var now = DateTimeOffset.UnixEpoch.AddHours(1);
        Assert.False(policy.IsCrashLoop([now.AddSeconds(-100), now.AddSeconds(-90), now], now));
        Assert.True(policy.IsCrashLoop([now.AddSeconds(-50), now.AddSeconds(-10), now], now));
    }

    [Fact]
    public void Each_process_gets_its_port_discovery_telemetry_and_parent_variables()
    {
        var builder = Hosting.Testing.DistributedApplicationTestingBuilder.Create();
        var risk = builder.AddExecutable("risk-engine", "true").WithHttpEndpoint(port: 8300, env: "RISK_ENGINE_PORT");
        var agent = builder.AddExecutable("trader", "true").WithHttpEndpoint(port: 8500, env: "PORT").WithReference(risk)
            .WithEnvironment("EXTRA", "1");
        var riskInstance = new ResourceInstance(risk.Resource, 0, [(risk.Resource.Endpoints[0], 41000)]);
        var agentInstance = new ResourceInstance(agent.Resource, 0, [(agent.Resource.Endpoints[0], 41001)]);
        var instances = new Dictionary<Resource, IReadOnlyList<ResourceInstance>>
        {
            [risk.Resource] = [riskInstance], [agent.Resource] = [agentInstance],
        };
        var env = ResourceEnvironment.For(agentInstance, instances, new DistributedApplicationOptions { OtlpEndpoint = "http://localhost:18890" }, 4242);

        Assert.Equal("41001", env["PORT"]);
        Assert.Equal("http://127.0.0.1:41000", env["services__risk-engine__http__0"]);
        Assert.Equal("trader", env["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=trader-", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://localhost:18890", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("4242", env["NEOLIGHT_PARENT_PID"]);
        Assert.Equal("1", env["EXTRA"]);
        Assert.False(env.ContainsKey("ASPNETCORE_URLS")); // only projects are ASP.NET Core hosts
    }

    [Fact]
    public void Ports_are_overridden_from_configuration_without_editing_program()
    {
        Environment.SetEnvironmentVariable("Resources__override-probe__Port", "9123");
        try
        {
            var builder = Hosting.Testing.DistributedApplicationTestingBuilder.Create();
            var probe = builder.AddExecutable("override-probe", "true").WithHttpEndpoint(port: 8100, env: "PORT");
            Assert.Equal(9123, probe.Resource.Endpoints[0].Port);
            Assert.Equal("9123", builder.Configuration["Resources:override-probe:Port"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Resources__override-probe__Port", null);
        }
    }

    [Fact]
    public void The_log_ring_keeps_the_last_lines_only()
    {
        var ring = new LogRing(capacity: 3);
        for (var i = 0; i < 5; i++) ring.Add(DateTimeOffset.UnixEpoch, false, $"line {i}");
        Assert.Equal(["line 2", "line 3", "line 4"], ring.Tail(10));
        Assert.Equal([4L], ring.After(3).Select(l => l.Sequence));
        Assert.Equal(3, ring.After(-1).Count);
    }
}
