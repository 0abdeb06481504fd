using NeoLight.Contracts;
using System.Net;
using System.Text;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>A 2xx means stored: acknowledged writes survive kill -9 of the dashboard process.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class DashboardDurabilityTests
{
    [Fact]
    public async Task Acknowledged_snapshots_and_decisions_survive_kill_minus_9()
    {
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        var environment = new Dictionary<string, string>
        {
            ["DASHBOARD_DB_PATH"] = Path.Combine(folder, "dashboard.db"),
            ["METRICS_PATH"] = Path.Combine(folder, "meta_metrics.json"),
            ["services__risk-engine__http__0"] = "http://127.0.0.1:9",
        };
        {
            int acknowledgedSnapshots, acknowledgedDecisions;
            var port = FreePort.Next();
            await using (var first = await BuiltService.StartAsync("NeoLight.Dashboard", environment, port))
            {
                using var client = first.CreateClient();
                var snapshots = Enumerable.Range(0, 200).Select(i => client.PostAsync("/meta/metrics",
                    new StringContent(SeedRequests.MetricsSnapshot.Replace("\"mode\":\"PAPER\"", $"\"mode\":\"run-{i}\""), Encoding.UTF8,
                        "application/json")));
                var decisions = Enumerable.Range(0, 50).Select(i => client.PostAsync("/meta/performance",
                    new StringContent($$"""{"decisions":[{"agent":"a{{i}}","pnl":1},{"agent":"b{{i}}","pnl":-1}]}""", Encoding.UTF8,
                        "application/json")));
                var answers = await Task.WhenAll(snapshots.Concat(decisions));
                Assert.All(answers, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
                    r.StatusCode.ToString()));
                acknowledgedSnapshots = answers.Take(200).Count(r => r.StatusCode == HttpStatusCode.OK);
                acknowledgedDecisions = answers.Skip(200).Count(r => r.StatusCode == HttpStatusCode.OK) * 2;
                Assert.True(acknowledgedSnapshots > 0);

                first.KillHard(); // no shutdown, no flush: only what was committed before each 2xx is on disk
            }

            await using var second = await BuiltService.StartAsync("NeoLight.Dashboard", environment, port);
            using var reader = second.CreateClient();
            var history = JsonDocument.Parse(await reader.GetStringAsync("/meta/metrics/history?limit=1")).RootElement;
            Assert.Equal(acknowledgedSnapshots, history.GetProperty("total").GetInt64());
            var performance = JsonDocument.Parse(await reader.GetStringAsync("/meta/performance?limit=1")).RootElement;
            Assert.Equal(acknowledgedDecisions, performance.GetProperty("total").GetInt64());
            var latest = JsonDocument.Parse(await reader.GetStringAsync("/meta/metrics")).RootElement;
            Assert.StartsWith("run-", latest.GetProperty("mode").GetString());
        }
    }
}
