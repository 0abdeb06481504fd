using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using NeoLight.Tests.Dashboard;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Readme;

/// <summary>
/// The README's curl examples work as written: every one aimed at the risk engine (8300) or the dashboard (8100) is read
/// from the README, its method, headers and body taken as the shell would, and sent to that service; each must answer 2xx.
/// </summary>
public sealed class ReadmeCurlTests
{
    [Fact]
    public async Task Every_curl_example_for_the_risk_engine_and_the_dashboard_answers_2xx()
    {
        var commands = ReadmeCurls.Commands().ToList();
        using var engine = new RiskEngineFactory();
        using var dashboard = new DashboardFactory();
        using var risk = engine.CreateClient();
        using var board = dashboard.CreateClient();
        var sent = 0;
        foreach (var command in commands)
        {
            var call = Curl.Parse(command, Environment.GetEnvironmentVariable);
            var client = call.Url.Port switch { 8300 => risk, 8100 => board, _ => null };
            if (client is null) continue; // the agents' examples need a running trader: the system tests cover them
            using var request = call.ToRequest();
            using var answer = await client.SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode,
                $"README: {command}\nanswered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            sent++;
        }
        Assert.True(sent >= 30, $"only {sent} curl examples were found for the risk engine and the dashboard");
    }

    [Fact]
    public void The_shell_words_of_an_example_are_read_as_the_shell_reads_them()
    {
        var call = Curl.Parse("""
            curl -X POST http://localhost:8300/risk/reset -H "Content-Type: application/json" -H "X-Api-Key: $NEOLIGHT_API_KEY" \
              -d '{"book":
            "paper"}'   # a comment
            """, _ => null);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/risk/reset", call.Url.AbsolutePath);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal("{\"book\":\n\"paper\"}", call.Body);
        Assert.Contains(("X-Api-Key", ""), call.Headers); // an unset variable is empty, as in the shell
    }
}
