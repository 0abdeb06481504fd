using NeoLight.Tests.Infrastructure;
using HdrHistogram;
using System.Net;
using NeoLight.AppHost.Validation;
using NeoLight.Validation;
using NeoLight.Tests.AppHost;

namespace NeoLight.Tests.Validation;

public class LatencyRecordingTests
{
    [Fact]
    public void Percentiles_are_within_the_configured_precision_of_the_exact_ones()
    {
        var random = new Random(5);
        var samples = Enumerable.Range(0, 50_000).Select(_ => (long)(Math.Exp(random.NextDouble() * 12) + random.Next(50))).ToArray();
        var histogram = LatencyRecording.Create();
        foreach (var s in samples) LatencyRecording.Record(histogram, s);
        var sorted = samples.Order().ToArray();
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            var exact = sorted[(int)Math.Ceiling(p / 100 * sorted.Length) - 1];
            Assert.InRange(histogram.GetValueAtPercentile(p), exact * 0.999 - 1, exact * 1.001 + 1);
        }
        Assert.Equal(samples.Length, histogram.TotalCount);
        Assert.Equal(samples.Average(), histogram.GetMean(), samples.Average() * 0.001);
    }

    [Fact]
    public void Latencies_under_a_microsecond_read_as_zero()
    {
        var histogram = LatencyRecording.Create();
        for (var i = 0; i < 1000; i++) LatencyRecording.Record(histogram, 0);
        Assert.Equal(0, histogram.GetValueAtPercentile(50));
        Assert.Equal(0, histogram.GetValueAtPercentile(99));
        Assert.Equal(0, histogram.GetMaxValue());
    }

    [Fact]
    public void A_latency_beyond_the_range_is_kept_at_its_top()
    {
        var histogram = LatencyRecording.Create();
        LatencyRecording.Record(histogram, LatencyRecording.MaxMicroseconds * 10);
        LatencyRecording.Record(histogram, -5);
        Assert.Equal(2, histogram.TotalCount);
        Assert.InRange(histogram.GetMaxValue(), LatencyRecording.MaxMicroseconds, LatencyRecording.MaxMicroseconds * 1.001);
    }
}

public class LoadGeneratorTests
{
    /// <summary>Answers 200, 503 or throws in a fixed pattern, and counts what it was sent.</summary>
    private sealed class PatternHandler : HttpMessageHandler
    {
        private int _calls;
        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            if (n % 10 == 0) throw new HttpRequestException("connection refused");
            return Task.FromResult(new HttpResponseMessage(n % 5 == 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task Counts_every_request_once_and_errors_by_kind()
    {
        var handler = new PatternHandler();
        using var client = LoadGenerator.CreateClient(8, handler);
        client.BaseAddress = new Uri("http://load.test");
        long lastProgress = 0;
        var result = await LoadGenerator.RunAsync("pattern", client, () => new HttpRequestMessage(HttpMethod.Get, "/"), 1000, 8,
            progress: done => Interlocked.Exchange(ref lastProgress, Math.Max(lastProgress, done)));

        Assert.Equal(1000, handler.Calls);
        Assert.Equal(1000, result.Requests);
        Assert.Equal(100, result.Errors["HttpRequestException"]);  // every 10th
        Assert.Equal(100, result.Errors["HTTP 503"]);              // every 5th that is not a 10th
        Assert.Equal(800, result.Succeeded);
        Assert.Equal(0.2, result.ErrorRate, 9);
        Assert.Equal(1000, lastProgress);
        Assert.True(result.P50Ms <= result.P90Ms && result.P90Ms <= result.P99Ms && result.P99Ms <= result.MaxMs);
    }

    [Fact]
    public async Task Duration_mode_stops_on_time()
    {
        using var client = LoadGenerator.CreateClient(4, new PatternHandler());
        client.BaseAddress = new Uri("http://load.test");
        var result = await LoadGenerator.RunAsync("timed", client, () => new HttpRequestMessage(HttpMethod.Get, "/"), 0, 4,
            TimeSpan.FromMilliseconds(300));
        Assert.True(result.Requests > 0);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));
    }
}

public class ValidationReportTests
{
    private static LoadResult Load(double p99, long requests = 100, long ok = 100) =>
        new("x", requests, ok, TimeSpan.FromSeconds(1), 1, 2, p99, p99 + 1, 1, ok == requests ? new Dictionary<string,
            long>() : new() { ["HTTP 500"] = requests - ok });

    [Fact]
    public void Passes_only_when_every_check_and_threshold_holds()
    {
        var limits = new ValidationThresholds { MaxP99Ms = 10, MaxErrorRate = 0.01, MaxRssMb = 100 };
        ValidationReport Report() => new() { Mode = "test", Thresholds = limits };

        var good = Report();
        good.Checks.Add(new("risk-engine", "health", true, "ok"));
        good.Loads.Add(Load(9));
        good.Resources.Add(new("risk-engine", 1, new ProcessUsage(50, 1), new ProcessUsage(90, 2)));
        Assert.True(good.Evaluate().Passed);

        var slow = Report();
        slow.Loads.Add(Load(11));
        Assert.Contains("p99 11 ms", Assert.Single(slow.Evaluate().Failures));

        var failing = Report();
        failing.Loads.Add(Load(1, 100, 98));
        Assert.Contains("error rate", Assert.Single(failing.Evaluate().Failures));

        var heavy = Report();
        heavy.Resources.Add(new("dashboard", 1, null, new ProcessUsage(150, 1)));
        Assert.Contains("RSS 150 MB", Assert.Single(heavy.Evaluate().Failures));

        var broken = Report();
        broken.Checks.Add(new("dashboard", "regime", false, "HTTP 500"));
        Assert.Equal("check dashboard regime: HTTP 500", Assert.Single(broken.Evaluate().Failures));
    }

    [Fact]
    public void Options_parse_the_documented_switches_and_leave_configuration_switches_to_the_builder()
    {
        var cli = new ValidateCli();
        var parsed = cli.Parse(["validate", "--requests", "50", "--concurrency", "5", "--duration", "3s", "--target",
            "risk-engine=http://127.0.0.1:8300", "--target", "dashboard=http://127.0.0.1:8100", "--max-p99-ms", "80",
            "--Resources:dashboard:Port=9100"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(["--Resources:dashboard:Port=9100"], parsed.UnmatchedTokens);
        var o = cli.Read(parsed);
        Assert.Equal(50, o.Requests);
        Assert.Equal(5, o.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(3), o.Duration);
        Assert.Equal(new Uri("http://127.0.0.1:8300"), o.Targets["risk-engine"]);
        Assert.Equal(new Uri("http://127.0.0.1:8100"), o.Targets["dashboard"]);
        Assert.Equal(80, o.Thresholds.MaxP99Ms);
        Assert.Equal(new ValidationThresholds().MaxRssMb, o.Thresholds.MaxRssMb);
        Assert.Equal(Path.GetFullPath("validate-report.json"), o.ReportPath);

        var defaults = cli.Read(cli.Parse(["validate"]));
        Assert.Equal((1000, 100, null), (defaults.Requests, defaults.Concurrency, defaults.Duration));
        Assert.Equal(TimeSpan.FromMinutes(2), cli.Read(cli.Parse(["validate", "--duration", "2m"])).Duration);
    }

    [Theory]
    [InlineData("--target", "nonsense", "--target takes NAME=URL")]
    [InlineData("--requests", "-1", "--requests must be a whole number >= 1")]
    [InlineData("--requests", "many", "--requests must be a whole number >= 1, not 'many'")]
    [InlineData("--duration", "soon", "--duration takes e.g. 10s or 2m")]
    [InlineData("--max-error-rate", "-0.5", "--max-error-rate must be a number >= 0")]
    public void Bad_options_are_errors_that_name_the_option(string option, string value, string expected)
    {
        var parsed = new ValidateCli().Parse(["validate", option, value]);
        Assert.Contains(parsed.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();
        var parsed = new ValidateCli().Parse(["validate", "--help"]);
        Assert.Equal(0, parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = output }));
        var help = output.ToString();
        foreach (var option in new[] { "--requests", "--concurrency", "--duration", "--target", "--report", "--max-p99-ms",
                     "--max-error-rate", "--max-rss-mb" })
            Assert.Contains(option, help);
        Assert.Contains("[default: 1000]", help);
    }
}

[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class ValidateCommandTests(NeoLightSystem system)
{
    [Fact]
    public async Task Validate_with_a_small_load_passes_against_the_whole_system()
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"neolight-validate-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        try
        {
            // Speed is the benchmark's business, not a test's (other tests share the 2 cores): the latency limit here
            // is generous; every check, the error rate (0) and the memory limit are the real ones.
            var options = new ValidationOptions
            {
                Requests = 60, Concurrency = 6, ReportPath = reportPath, Thresholds = new ValidationThresholds { MaxP99Ms = 30_000 },
            };
            var targets = await RunningSystem.TargetsAsync(system.App.Services, NeoLightSystem.Services.ToDictionary(s => s, _ => 1.0));
            var report = await ValidationRun.RunAsync(targets, "started", options, output, CancellationToken.None);

            Assert.True(report.Passed, string.Join("\n", report.Failures) + "\n" + output);
            Assert.Equal(9, report.Loads.Count);   // 5 health endpoints + evaluate, validate, GET and POST metrics
            Assert.All(report.Loads, l => Assert.Equal(60, l.Requests));
            Assert.Contains(report.Checks, c => c.Name == "evaluate default model" && c.Passed);
            Assert.Contains(report.Checks, c => c.Name == "allocations within bounds" && c.Passed);
            Assert.Equal(5, report.Resources.Count(r => r.Before is { RssMegabytes: > 10 } && r.After is { RssMegabytes: > 10 }));
            Assert.Contains("\"passed\": true", File.ReadAllText(reportPath));
            Assert.Contains("PASSED", output.ToString());
        }
        finally
        {
            File.Delete(reportPath);
        }
    }
}
