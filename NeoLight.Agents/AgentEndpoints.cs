using NeoLight.Agents.Governor;
using NeoLight.Agents.Telemetry;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;

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
                app.MapGet("/agent/status", (TradingDesk desk, TraderAgent agent) => TypedResults.Ok(new TraderStatusDto
                {
                    Guardian = new GuardianDto { IsPaused = desk.Guardian.IsPaused, Drawdown = Math.Round(desk.Guardian.Drawdown, 6),
                        Reason = desk.Guardian.Reason },
                    Breakers = new Dictionary<string, string>(agent.Breakers),
                    Mode = "PAPER",
                    MarketTime = desk.MarketTime,
                    Equity = Math.Round(desk.Equity, 2),
                    Ticks = agent.Ticks,
                    OrdersApproved = agent.Approved,
                    OrdersRejected = agent.Rejected,
                    OrdersSkipped = agent.Skipped,
                    AgentEquity = desk.Books.ToDictionary(b => b.Key, b => Math.Round(b.Value.Equity(desk.Prices), 2)),
                    Allocations = desk.Strategies.ToDictionary(s => s.Agent, s => desk.AllocationOf(s.Agent)),
                    Regime = agent.Regime,
                    LastRejection = agent.LastRejection,
                })).WithSummary("The trader's guardian, breakers, market time, equity, orders and allocations");
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
}
