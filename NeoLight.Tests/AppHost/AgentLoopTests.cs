using NeoLight.Tests.Infrastructure;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using static NeoLight.Tests.AppHost.TradingLedger;

namespace NeoLight.Tests.AppHost;

/// <summary>The whole loop through the AppHost's own Program.cs: trading, telemetry, governor, regime, outage.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class AgentLoopTests(NeoLightSystem system)
{
    [Fact]
    public async Task The_dashboard_fills_and_a_risk_engine_outage_stops_then_resumes_trading()
    {
        var app = system.App;
        using var dashboard = app.CreateHttpClient("dashboard");
        using var trader = app.CreateHttpClient("trader");

        // At least two agents with decisions, a regime, and allocations within the governor's bounds.
        var metrics = await PollAsync(dashboard, "/meta/metrics", m =>
            m.GetProperty("per_agent").EnumerateObject().Count(a => a.Value.GetProperty("total_decisions").GetDouble() > 0) >= 2,
            TimeSpan.FromSeconds(90));
        Assert.Equal("PAPER", metrics.GetProperty("mode").GetString());
        var regime = await PollAsync(dashboard, "/meta/regime", r => r.GetProperty("regime").GetString() != "UNKNOWN",
            TimeSpan.FromSeconds(60));
        Assert.Contains(regime.GetProperty("regime").GetString(), new[] { "BULL", "BEAR", "SIDEWAYS", "HIGH_VOL" });
        var allocations = await PollAsync(dashboard, "/governor/allocations", a => a.GetProperty("allocations").EnumerateObject().Any(),
            TimeSpan.FromSeconds(60));
        var weights = allocations.GetProperty("weights").EnumerateObject().Select(w => w.Value.GetDouble()).ToList();
        Assert.All(weights, w => Assert.InRange(w, 0.05 - 1e-6, 0.40 + 1e-6));
        var deployed = allocations.GetProperty("allocations").EnumerateObject().Sum(a => a.Value.GetDouble());
        Assert.Equal(1, deployed + allocations.GetProperty("cash").GetDouble(), 4);
        var performance = JsonDocument.Parse(await dashboard.GetStringAsync("/meta/performance?limit=5")).RootElement;
        Assert.True(performance.GetProperty("total").GetInt64() > 0);

        // Outage: Aspire's own Stop command; the restart policy leaves a stopped resource alone (DCP reports it
        // Terminated, not Finished). The trader's breaker opens and nothing is filled unvetted.
        var stop = await app.ResourceCommands.ExecuteCommandAsync("risk-engine", KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        try
        {
            var open = await PollAsync(trader, "/agent/status",
                s => s.GetProperty("breakers").GetProperty("trade_state").GetString() == "OPEN",
                TimeSpan.FromSeconds(30));
            var approvedWhileDown = open.GetProperty("orders_approved").GetInt64();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var stillDown = JsonDocument.Parse(await trader.GetStringAsync("/agent/status")).RootElement;
            Assert.Equal(approvedWhileDown, stillDown.GetProperty("orders_approved").GetInt64());
            Assert.NotEqual(KnownResourceStates.Running,
                (await app.ResourceNotifications.WaitForResourceAsync("risk-engine", _ => true)).Snapshot.State?.Text);

            // It returns: the breaker closes and orders are approved again.
            var start = await app.ResourceCommands.ExecuteCommandAsync("risk-engine", KnownResourceCommands.StartCommand);
            Assert.True(start.Success, start.Message);
            using var back = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await app.ResourceNotifications.WaitForResourceHealthyAsync("risk-engine", back.Token);
            await PollAsync(trader, "/agent/status", s =>
                s.GetProperty("breakers").GetProperty("trade_state").GetString() == "CLOSED"
                && s.GetProperty("orders_approved").GetInt64() > approvedWhileDown, TimeSpan.FromSeconds(60));
        }
        finally
        {
            // Leave the shared system whole for the tests after this one.
            var now = (await app.ResourceNotifications.WaitForResourceAsync("risk-engine", _ => true)).Snapshot.State?.Text;
            if (now != KnownResourceStates.Running && now != KnownResourceStates.Starting)
                await app.ResourceCommands.ExecuteCommandAsync("risk-engine", KnownResourceCommands.StartCommand);
            using var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await app.ResourceNotifications.WaitForResourceHealthyAsync("risk-engine", healthy.Token);
        }
    }
}
