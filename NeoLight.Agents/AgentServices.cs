using NeoLight.Agents.Governor;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Agents.Strategies;
using NeoLight.Agents.Telemetry;
using NeoLight.Agents.Trading;

namespace NeoLight.Agents;

/// <summary>The services of the agent a process runs: its options, its peers, and the agent itself as a hosted service.</summary>
public static class AgentServices
{
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder, string role)
    {
        builder.Services.AddSingleton(sp => AgentOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddPeers(builder.Configuration);
        switch (role)
        {
            case AgentRoles.Trader:
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
            case AgentRoles.Telemetry:
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
}
