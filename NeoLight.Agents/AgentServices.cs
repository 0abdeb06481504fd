using Microsoft.Extensions.Options;
using NeoLight.Agents.Governor;
using NeoLight.Agents.Journal;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Agents.MetaMetrics;
using NeoLight.Agents.Trading;
using NeoLight.Storage;

namespace NeoLight.Agents;

/// <summary>The services of the agent a process runs: its options, its peers, and the agent itself as a hosted service.</summary>
public static class AgentServices
{
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder, string role)
    {
        builder.Services.AddOptions<AgentSettings>().Configure<IConfiguration>((s, c) => c.Bind(s)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentSettings>, AgentSettingsValidator>();
        builder.Services.AddSingleton(sp => AgentOptions.From(sp.GetRequiredService<IOptions<AgentSettings>>().Value,
            sp.GetRequiredService<IConfiguration>()));
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
                    return new MarketSimulator(o.MarketSeed, MarketSimulator.DefaultStart, o.MarketStep);
                });
                var shared = builder.AddSharedDatabase();
                if (shared) builder.Services.AddDatabaseSchema(PostgresJournalStore.Schema);
                builder.Services.AddSingleton(sp =>
                {
                    var o = sp.GetRequiredService<AgentOptions>();
                    IJournalStore store = shared
                        ? new PostgresJournalStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>())
                        : new SqliteJournalStore(o.JournalPath);
                    return new TraderJournal(store, o.SnapshotEvery, sp.GetRequiredService<TimeProvider>());
                });
                builder.Services.AddSingleton<TraderAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<TraderAgent>());
                break;
            case AgentRoles.MetaMetrics:
                builder.Services.AddSingleton<MetaMetricsAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<MetaMetricsAgent>());
                break;
            default:
                builder.Services.AddSingleton<GovernorAgent>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<GovernorAgent>());
                break;
        }
        return builder;
    }
}
