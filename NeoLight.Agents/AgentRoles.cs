using NeoLight.Agents.Governor;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Agents.Strategies;
using NeoLight.Agents.Telemetry;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;

namespace NeoLight.Agents;

/// <summary>The three agents one project runs, chosen by the first argument (or NL_AGENT_ROLE).</summary>
public static class AgentRoles
{
    public const string Trader = "trader", Telemetry = "telemetry", Governor = "governor";
    public static readonly string[] All = [Trader, Telemetry, Governor];

    public static string Resolve(string[] args, IConfiguration configuration)
    {
        var role = args.FirstOrDefault(a => !a.StartsWith('-')) ?? configuration["NL_AGENT_ROLE"] ?? Trader;
        return All.Contains(role) ? role
            : throw new InvalidOperationException($"unknown agent '{role}': use trader, telemetry or governor");
    }

    public static int DefaultPort(string role) => role switch { Trader => 8401, Telemetry => 8402, _ => 8403 };

    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder, string role)
    {
        builder.Services.AddSingleton(sp => AgentOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddPeers(builder.Configuration);
        switch (role)
        {
            case Trader:
                builder.Services.AddSingleton<IMarketFeed>(sp =>
                {
                    var o = sp.GetRequiredService<AgentOptions>();
                    if (o.MarketCsv is { } csv)
                    {
                        using var reader = File.OpenText(csv);
                        return new CsvBarFeed(reader);
                    }
                    return new MarketSimulator(o.MarketSeed, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), o.MarketStep);
                });
                builder.Services.AddSingleton(sp => new TradingDesk(
                    [new MomentumStrategy(), new MeanReversionStrategy(), new BreakoutStrategy()],
                    sp.GetRequiredService<IMarketFeed>().Symbols, sp.GetRequiredService<AgentOptions>()));
                builder.Services.AddSingleton<TraderAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<TraderAgent>());
                break;
            case Telemetry:
                builder.Services.AddSingleton<TelemetryAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryAgent>());
                break;
            default:
                builder.Services.AddSingleton<GovernorAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<GovernorAgent>());
                break;
        }
        return builder;
    }

    /// <summary>GET /agent/status: what this agent is doing (the trader's is read by the telemetry agent).</summary>
    public static WebApplication MapAgentEndpoints(this WebApplication app, string role)
    {
        switch (role)
        {
            case Trader:
                app.MapGet("/agent/status", (TradingDesk desk, TraderAgent worker) => TypedResults.Ok(new TraderStatusDto
                {
                    Guardian = new GuardianDto { IsPaused = desk.Guardian.IsPaused, Drawdown = Math.Round(desk.Guardian.Drawdown, 6),
                        Reason = desk.Guardian.Reason },
                    Breakers = new Dictionary<string, string>(worker.Breakers),
                    Mode = "PAPER",
                    MarketTime = desk.MarketTime,
                    Equity = Math.Round(desk.Equity, 2),
                    Ticks = worker.Ticks,
                    OrdersApproved = worker.Approved,
                    OrdersRejected = worker.Rejected,
                    OrdersSkipped = worker.Skipped,
                    AgentEquity = desk.Books.ToDictionary(b => b.Key, b => Math.Round(b.Value.Equity(desk.Prices), 2)),
                    Allocations = desk.Strategies.ToDictionary(s => s.Agent, s => desk.AllocationOf(s.Agent)),
                    Regime = worker.Regime,
                    LastRejection = worker.LastRejection,
                }));
                break;
            case Telemetry:
                app.MapGet("/agent/status", (TelemetryAgent worker) =>
                    TypedResults.Ok(new Dictionary<string, string>
                    {
                        ["role"] = role, ["posted"] = worker.Posted.ToString(), ["last_posted"] = worker.LastPosted?.ToString("O")
                            ?? "never",
                    }));
                break;
            default:
                app.MapGet("/agent/status", (GovernorAgent worker) =>
                    TypedResults.Ok(new Dictionary<string, string>
                    {
                        ["role"] = role, ["reallocations"] = worker.Reallocations.ToString(), ["last_decision"] = worker.LastDecision,
                    }));
                break;
        }
        return app;
    }
}
