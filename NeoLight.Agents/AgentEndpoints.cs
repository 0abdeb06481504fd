using Microsoft.AspNetCore.Http.HttpResults;
using NeoLight.Agents.Backtest;
using NeoLight.Agents.Governor;
using NeoLight.Agents.MetaMetrics;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.Agents;

/// <summary>The agents' own route (beside the probes of the service defaults).</summary>
public static class AgentEndpoints
{
    /// <summary>GET /agent/status: what this agent is doing (the trader's is read by the telemetry agent).</summary>
    public static WebApplication MapAgentEndpoints(this WebApplication web, string role)
    {
        var app = web.MapGroup("").WithTag("agent", "What the agent is doing, and what it can be asked to do");
        switch (role)
        {
            case AgentRoles.Trader:
                app.MapGet("/agent/status", StatusOf)
                    .WithSummary("The trader's guardian, breakers, market time, equity, orders and allocations, as journaled");
                app.MapPost("/agent/backtest", BacktestAsync)
                    .Describe<TradingBacktestRequest>("Runs the trading core over simulated steps or a CSV of bars, the risk checks "
                        + "in-process; changes nothing")
                    .WithRequestExample(SeedRequests.TradingBacktest);
                app.MapPost("/agent/reset", ResetAsync).RequireApiKey()
                    .WithSummary("Starts a new paper-trading session: fresh books on the market as it stands; 503 when the risk "
                        + "engine cannot be told (nothing changed)");
                break;
            case AgentRoles.MetaMetrics:
                app.MapGet("/agent/status", (MetaMetricsAgent agent) =>
                    TypedResults.Ok(new Dictionary<string, string>
                    {
                        ["role"] = role, ["posted"] = agent.Posted.ToString(), ["last_posted"] = agent.LastPosted?.ToString("O")
                            ?? "never",
                    })).WithSummary("Snapshots posted and when");
                break;
            default:
                app.MapGet("/agent/status", (GovernorAgent agent) =>
                    TypedResults.Ok(new Dictionary<string, string>
                    {
                        ["role"] = role, ["reallocations"] = agent.Reallocations.ToString(), ["last_decision"] = agent.LastDecision,
                    })).WithSummary("Reallocations posted and the last decision");
                break;
        }
        return web;
    }

    /// <summary>The trader's status; 503 while its journal has not been read yet (its database is away).</summary>
    private static Results<Ok<TraderStatusDto>, ProblemHttpResult> StatusOf(TraderAgent agent, HttpContext http) =>
        agent.Status() is { } status ? TypedResults.Ok(status)
            : ApiProblem.RetryLater(http.Response, "journal", "the trader's journal cannot be read yet; retry after the delay");

    private static readonly SemaphoreSlim OneBacktest = new(1, 1);

    /// <summary>One backtest at a time (it takes a core while it runs); a second is told to retry.</summary>
    private static async Task<Results<Ok<TradingBacktestResponse>, ProblemHttpResult>> BacktestAsync(Checked<BacktestCommand> request,
        HttpRequest http, AgentOptions options)
    {
        var command = request.Command;
        if (!await OneBacktest.WaitAsync(0))
            return ApiProblem.RetryLater(http.HttpContext.Response, "steps", "a backtest is already running; retry after the delay");
        try
        {
            var runner = new BacktestRunner(command.Options, options.Limits);
            var aborted = http.HttpContext.RequestAborted;
            return TypedResults.Ok(await Task.Run(() => runner.RunAsync(command.Feed, command.Steps, null, aborted)));
        }
        finally
        {
            OneBacktest.Release();
        }
    }

    private static async Task<Results<Ok<TraderResetResponse>, ProblemHttpResult>> ResetAsync(TraderAgent agent, HttpContext http)
    {
        var session = await agent.ResetAsync("reset", http.RequestAborted);
        if (session is null)
            return ApiProblem.RetryLater(http.Response, "risk_engine",
                "the risk engine or the journal could not start the session; nothing changed, retry after the delay");
        return TypedResults.Ok(new TraderResetResponse { Session = session });
    }
}
