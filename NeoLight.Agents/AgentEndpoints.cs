using Microsoft.AspNetCore.Http.HttpResults;
using NeoLight.Agents.Governor;
using NeoLight.Agents.Telemetry;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;
using NeoLight.ServiceDefaults;

namespace NeoLight.Agents;

/// <summary>The agents' own route (beside the probes of the service defaults).</summary>
public static class AgentEndpoints
{
    /// <summary>GET /agent/status: what this agent is doing (the trader's is read by the telemetry agent).</summary>
    public static WebApplication MapAgentEndpoints(this WebApplication app, string role)
    {
        switch (role)
        {
            case AgentRoles.Trader:
                app.MapGet("/agent/status", (TraderAgent agent) => TypedResults.Ok(agent.Status()))
                    .WithSummary("The trader's guardian, breakers, market time, equity, orders and allocations, as journaled");
                app.MapPost("/agent/reset", ResetAsync).RequireApiKey()
                    .WithSummary("Starts a new paper-trading session: fresh books on the market as it stands; 503 when the risk "
                        + "engine cannot be told (nothing changed)");
                break;
            case AgentRoles.Telemetry:
                app.MapGet("/agent/status", (TelemetryAgent agent) =>
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
        return app;
    }

    private static async Task<Results<Ok<TraderResetResponse>, ProblemHttpResult>> ResetAsync(TraderAgent agent, HttpContext http)
    {
        var session = await agent.ResetAsync("reset", http.RequestAborted);
        if (session is null)
            return ApiProblem.RetryLater(http.Response, "risk_engine",
                "the risk engine could not reset the book's drawdown; nothing changed, retry after the delay");
        return TypedResults.Ok(new TraderResetResponse { Session = session });
    }
}
