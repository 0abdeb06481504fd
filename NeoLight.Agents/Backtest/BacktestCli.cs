using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NeoLight.Contracts;
using Spectre.Console;

namespace NeoLight.Agents.Backtest;

/// <summary>
/// <c>NeoLight.Agents backtest</c>: the same backtest as <c>POST /agent/backtest</c> from a terminal, checked by the same rules,
/// with a progress bar on a terminal (plain lines elsewhere), a table per agent, and the whole answer as JSON with --json.
/// Exit 0 when it ran, 2 for bad options.
/// </summary>
public static class BacktestCli
{
    public const string CommandName = "backtest";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == CommandName;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        var steps = new Option<long?>("--steps") { Description = $"Simulated steps, or at most this many bars of --csv (default "
            + $"{BacktestCommand.DefaultSteps}; at most {BacktestCommand.MaxSteps})", HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = "The simulated market's seed (default NL_MARKET_SEED, 42)", HelpName = "N" };
        var minutes = new Option<double?>("--market-step-minutes")
        {
            Description = "Market time per step (default NL_MARKET_STEP_MINUTES, 60)", HelpName = "MIN",
        };
        var csv = new Option<FileInfo?>("--csv")
        {
            Description = "Replay this CSV of bars (date,symbol,…,close) instead", HelpName = "FILE",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print the whole answer as JSON (the document POST /agent/backtest answers)",
        };
        var command = new RootCommand("Backtest the trading agents on the live trading core, with the risk checks in-process")
        {
            steps, seed, minutes, csv, json,
        };
        var parsed = command.Parse(args[1..]);
        if (parsed.Errors.Count > 0 || parsed.Action is not null)
            return await parsed.InvokeAsync() is 0 && parsed.Errors.Count == 0 ? 0 : 2; // --help, or the errors and the help

        var options = AgentOptions.Read(configuration);
        var request = new TradingBacktestRequest
        {
            Steps = parsed.GetValue(steps), Seed = parsed.GetValue(seed), MarketStepMinutes = parsed.GetValue(minutes),
            Csv = parsed.GetValue(csv) is { } file ? await ReadAsync(file) : null,
        };
        if (request.Csv is "") return Refuse("csv", $"cannot be read: {parsed.GetValue(csv)!.FullName}");
        if (BacktestCommand.From(request, options, out var run) is { } problem) return Refuse(problem);

        var runner = new BacktestRunner(run.Options, options.Limits);
        TradingBacktestResponse result;
        var total = Math.Min(run.Steps, run.Feed is Market.CsvBarFeed bars ? bars.Count : run.Steps);
        if (AnsiConsole.Profile.Capabilities.Interactive && !parsed.GetValue(json))
        {
            result = await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("backtest", maxValue: total);
                    var progress = new Progress<long>(done => task.Value = done);
                    return await runner.RunAsync(run.Feed, run.Steps, progress, CancellationToken.None);
                });
        }
        else result = await runner.RunAsync(run.Feed, run.Steps, null, CancellationToken.None);

        if (parsed.GetValue(json))
        {
            Console.WriteLine(JsonSerializer.Serialize(result, NeoLightJsonContext.Default.TradingBacktestResponse));
            return 0;
        }
        Print(result);
        return 0;
    }

    private static async Task<string> ReadAsync(FileInfo file)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The request's problem in the terms of the command line: its field is the option of the same name.</summary>
    private static int Refuse(ProblemHttpResult problem)
    {
        var field = problem.ProblemDetails.Extensions.TryGetValue("field", out var f) ? $"{f}" : "options";
        var detail = problem.ProblemDetails.Detail ?? "is not valid";
        return Refuse(field, detail.StartsWith(field + ": ", StringComparison.Ordinal) ? detail[(field.Length + 2)..] : detail);
    }

    private static int Refuse(string field, string detail)
    {
        Console.Error.WriteLine($"backtest: --{field.Replace('_', '-')} {detail}");
        return 2;
    }

    private static void Print(TradingBacktestResponse r)
    {
        var table = new Table().Title($"{r.Steps:N0} steps of {string.Join(", ", r.Symbols)}, {r.From:yyyy-MM-dd HH:mm} to "
            + $"{r.To:yyyy-MM-dd HH:mm}");
        foreach (var column in new[] { "agent", "final equity", "return", "Sharpe", "max drawdown", "fills", "rejected" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (agent, a) in r.PerAgent)
            table.AddRow(agent, a.FinalEquity.ToString("N2", CultureInfo.InvariantCulture),
                a.Performance?.TotalReturn.ToString("P2", CultureInfo.InvariantCulture) ?? "–",
                a.Performance?.Sharpe?.ToString("0.00", CultureInfo.InvariantCulture) ?? "–",
                a.Performance?.MaxDrawdown.ToString("P2", CultureInfo.InvariantCulture) ?? "–",
                a.Fills.ToString(CultureInfo.InvariantCulture), a.Rejections.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        var checks = r.RejectionsByCheck.Count == 0 ? "none" : string.Join(", ", r.RejectionsByCheck.Select(c => $"{c.Key} {c.Value}"));
        AnsiConsole.WriteLine($"orders: {r.OrdersFilled} filled, {r.OrdersRejected} rejected ({checks})");
        AnsiConsole.WriteLine($"speed: {r.StepsPerSecond:N0} steps/s, {r.BarStepsPerSecond:N0} bar-steps/s ({r.ElapsedMs:N0} ms)");
    }
}
