using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using NeoLight.Http;
using NeoLight.ServiceDefaults;

namespace NeoLight.Agents;

/// <summary>The agents' settings from their environment variables (README has the table with defaults).</summary>
public sealed record AgentOptions
{
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MarketStep { get; init; } = TimeSpan.FromHours(1);
    public int MarketSeed { get; init; } = 42;
    public string? MarketCsv { get; init; }
    public double Capital { get; init; } = 100_000;
    public double MaxSymbolFraction { get; init; } = 0.15;
    public double MaxDrawdown { get; init; } = 0.08;
    public double GuardianHysteresis { get; init; } = 0.5;
    public TimeSpan GuardianCoolDown { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan MetaMetricsInterval { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan GovernorInterval { get; init; } = TimeSpan.FromSeconds(300);
    public double MinAllocation { get; init; } = 0.05;
    public double MaxAllocation { get; init; } = 0.40;
    public double ReallocationThreshold { get; init; } = 0.10;
    public string Policy { get; init; } = Governor.AllocationPolicy.Score;
    /// <summary>The trader's book as the risk engine knows it (its live account: evaluations of it are recorded).</summary>
    public string Book { get; init; } = "paper";
    /// <summary>The trader's journal (SQLite) when no shared database is configured.</summary>
    public string JournalPath { get; init; } = "state/trader_journal.db";
    /// <summary>A snapshot of the trader's state every this many steps: a restart replays at most as many.</summary>
    public int SnapshotEvery { get; init; } = 500;
    /// <summary>The risk engine's limits (its RISK_* variables), for the checks a backtest runs in-process.</summary>
    public Risk.RiskLimits Limits { get; init; } = new();

    /// <summary>The options from the configured settings; the risk limits from their own table (RiskLimits.Read).</summary>
    public static AgentOptions From(AgentSettings s, IConfiguration configuration) => new()
    {
        TickInterval = TimeSpan.FromMilliseconds(s.TickMs),
        MarketStep = TimeSpan.FromMinutes(s.MarketStepMinutes),
        MarketSeed = s.MarketSeed,
        MarketCsv = string.IsNullOrWhiteSpace(s.MarketCsv) ? null : s.MarketCsv,
        Capital = s.Capital,
        MaxSymbolFraction = s.MaxSymbolFraction,
        MaxDrawdown = s.MaxDrawdown,
        GuardianHysteresis = s.GuardianHysteresis,
        GuardianCoolDown = TimeSpan.FromHours(s.GuardianCoolDownHours),
        MetaMetricsInterval = TimeSpan.FromSeconds(s.MetaMetricsIntervalSeconds),
        GovernorInterval = TimeSpan.FromSeconds(s.GovernorIntervalSeconds),
        MinAllocation = s.MinAllocation,
        MaxAllocation = s.MaxAllocation,
        ReallocationThreshold = s.ReallocationThreshold,
        Policy = s.Policy,
        Book = string.IsNullOrWhiteSpace(s.Book) ? "paper" : s.Book.Trim(),
        JournalPath = string.IsNullOrWhiteSpace(s.JournalPath) ? "state/trader_journal.db" : s.JournalPath,
        SnapshotEvery = s.SnapshotSteps,
        Limits = Risk.RiskLimits.Read((name, value, min, max) => configuration.Number(name, value, min, max),
            configuration["RISK_VAR99_CHECK"]),
    };

    /// <summary>Bound and checked as the options pattern does, for the backtest command (which runs without a host).</summary>
    public static AgentOptions Read(IConfiguration configuration)
    {
        var settings = new AgentSettings();
        configuration.Bind(settings);
        var result = new AgentSettingsValidator().Validate(null, settings);
        if (result.Failed) throw new OptionsValidationException(nameof(AgentSettings), typeof(AgentSettings), result.Failures);
        return From(settings, configuration);
    }
}

/// <summary>The checks of <see cref="AgentSettings"/>' attributes and its own, generated at build time (the native build
/// cannot reflect over the settings as <c>ValidateDataAnnotations</c> does).</summary>
[OptionsValidator]
public sealed partial class AgentSettingsValidator : IValidateOptions<AgentSettings>;

/// <summary>
/// The agents' environment variables as configured (README has the table): bound by the options pattern and validated at
/// start, so a bad value stops the agent before it runs, naming the variable. (Ranges are checked in <see cref="Validate"/>
/// rather than by <c>[Range]</c>: the source-generated validator the native build needs words range failures by property
/// name, ignoring the attribute's message.)
/// </summary>
public sealed class AgentSettings : IValidatableObject
{
    [ConfigurationKeyName("NL_TRADER_TICK_MS")]
    public double TickMs { get; set; } = 1_000;

    [ConfigurationKeyName("NL_MARKET_STEP_MINUTES")]
    public double MarketStepMinutes { get; set; } = 60;

    [ConfigurationKeyName("NL_MARKET_SEED")]
    public int MarketSeed { get; set; } = 42;

    [ConfigurationKeyName("NL_MARKET_CSV")] public string? MarketCsv { get; set; }

    [ConfigurationKeyName("NL_TRADER_CAPITAL")]
    public double Capital { get; set; } = 100_000;

    [ConfigurationKeyName("NL_TRADER_MAX_SYMBOL_FRACTION")]
    public double MaxSymbolFraction { get; set; } = 0.15;

    [ConfigurationKeyName("RISK_MAX_DRAWDOWN")]
    public double MaxDrawdown { get; set; } = 0.08;

    [ConfigurationKeyName("NL_GUARDIAN_HYSTERESIS")]
    public double GuardianHysteresis { get; set; } = 0.5;

    [ConfigurationKeyName("NL_GUARDIAN_COOLDOWN_HOURS")]
    public double GuardianCoolDownHours { get; set; } = 24;

    [ConfigurationKeyName("NL_TELEMETRY_INTERVAL_SEC")]
    public double MetaMetricsIntervalSeconds { get; set; } = 300;

    [ConfigurationKeyName("CAPITAL_GOVERNOR_INTERVAL")]
    public double GovernorIntervalSeconds { get; set; } = 300;

    [ConfigurationKeyName("CAPITAL_GOVERNOR_MIN_ALLOC")]
    public double MinAllocation { get; set; } = 0.05;

    [ConfigurationKeyName("CAPITAL_GOVERNOR_MAX_ALLOC")]
    public double MaxAllocation { get; set; } = 0.40;

    [ConfigurationKeyName("CAPITAL_GOVERNOR_THRESHOLD")]
    public double ReallocationThreshold { get; set; } = 0.10;

    [ConfigurationKeyName("CAPITAL_GOVERNOR_POLICY")]
    [AllowedValues(Governor.AllocationPolicy.Score, Governor.AllocationPolicy.InverseVolatility,
        ErrorMessage = "CAPITAL_GOVERNOR_POLICY must be score or inverse_volatility")]
    public string Policy { get; set; } = Governor.AllocationPolicy.Score;

    [ConfigurationKeyName("NL_TRADER_BOOK")] public string? Book { get; set; }
    [ConfigurationKeyName("NL_TRADER_JOURNAL_PATH")] public string? JournalPath { get; set; }

    [ConfigurationKeyName("NL_TRADER_SNAPSHOT_STEPS")]
    public int SnapshotSteps { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var outside = SettingRanges.Outside(
            ("NL_TRADER_TICK_MS", TickMs, 10, 600_000), ("NL_MARKET_STEP_MINUTES", MarketStepMinutes, 1, 7 * 24 * 60),
            ("NL_MARKET_SEED", MarketSeed, 0, int.MaxValue), ("NL_TRADER_CAPITAL", Capital, 1, 1e12),
            ("NL_TRADER_MAX_SYMBOL_FRACTION", MaxSymbolFraction, 0.001, 1), ("RISK_MAX_DRAWDOWN", MaxDrawdown, 0.001, 1),
            ("NL_GUARDIAN_HYSTERESIS", GuardianHysteresis, 0, 1), ("NL_GUARDIAN_COOLDOWN_HOURS", GuardianCoolDownHours, 0, 24 * 365),
            ("NL_TELEMETRY_INTERVAL_SEC", MetaMetricsIntervalSeconds, 0.1, 86_400),
            ("CAPITAL_GOVERNOR_INTERVAL", GovernorIntervalSeconds, 0.1, 86_400), ("CAPITAL_GOVERNOR_MIN_ALLOC", MinAllocation, 0, 1),
            ("CAPITAL_GOVERNOR_MAX_ALLOC", MaxAllocation, 0, 1), ("CAPITAL_GOVERNOR_THRESHOLD", ReallocationThreshold, 0, 1),
            ("NL_TRADER_SNAPSHOT_STEPS", SnapshotSteps, 1, 1_000_000));
        foreach (var result in outside) yield return result;
        if (MinAllocation > MaxAllocation)
            yield return new ValidationResult("CAPITAL_GOVERNOR_MIN_ALLOC must not exceed CAPITAL_GOVERNOR_MAX_ALLOC",
                [nameof(MinAllocation)]);
    }
}
