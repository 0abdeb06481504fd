using System.Diagnostics;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Agents;

/// <summary>The agents as published (native AOT, <c>NEOLIGHT_PUBLISHED_AGENTS</c>): the same trading core as the JIT build.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class PublishedAgentsTests
{
    // How long the run took differs between the builds; nothing else may.
    private static readonly HashSet<string> Timings = ["elapsed_ms", "steps_per_second", "bar_steps_per_second"];

    [PublishedFact(PublishedFactAttribute.AgentsVariable)]
    public async Task The_native_build_backtests_as_the_JIT_build_does()
    {
        var executable = Environment.GetEnvironmentVariable(PublishedFactAttribute.AgentsVariable)
            ?? throw new InvalidOperationException($"{PublishedFactAttribute.AgentsVariable} must name the published agents in CI");
        string[] backtest = ["backtest", "--steps", "300", "--seed", "7", "--json"];

        using var native = JsonDocument.Parse(await RunAsync(executable, backtest));
        using var jit = JsonDocument.Parse(await RunAsync("dotnet", [BuiltService.AssemblyPath("NeoLight.Agents"), .. backtest]));

        Assert.Equal(300, native.RootElement.GetProperty("steps").GetInt32());
        Assert.True(native.RootElement.GetProperty("orders_filled").GetInt32() > 0);
        AssertSame(jit.RootElement, native.RootElement, "");
    }

    /// <summary>Equal documents, numbers to 1e-9 relative (the native code generator may round the last bits differently).</summary>
    private static void AssertSame(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} vs {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var member in expected.EnumerateObject())
                    if (!Timings.Contains(member.Name)) AssertSame(member.Value, actual.GetProperty(member.Name), $"{path}.{member.Name}");
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++) AssertSame(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                var (e, a) = (expected.GetDouble(), actual.GetDouble());
                Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{path}: {e} vs {a}");
                break;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }

    private static async Task<string> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"{file} exited {process.ExitCode}: {await errors}");
            return await output;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
