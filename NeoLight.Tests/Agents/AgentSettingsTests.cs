using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NeoLight.Agents;

namespace NeoLight.Tests.Agents;

/// <summary>The agents' settings: bound from their variables, converted to the code's units, a bad value refused by name.</summary>
public sealed class AgentSettingsTests
{
    private static AgentOptions Read(Dictionary<string, string?> values) =>
        AgentOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void Variables_are_bound_and_converted_and_the_rest_keeps_its_default()
    {
        var options = Read(new()
        {
            ["NL_TRADER_TICK_MS"] = "500", ["NL_GUARDIAN_COOLDOWN_HOURS"] = "2", ["CAPITAL_GOVERNOR_POLICY"] = "inverse_volatility",
            ["NL_TRADER_BOOK"] = " live ",
        });
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.TickInterval);
        Assert.Equal(TimeSpan.FromHours(2), options.GuardianCoolDown);
        Assert.Equal("inverse_volatility", options.Policy);
        Assert.Equal("live", options.Book);
        Assert.Equal(TimeSpan.FromHours(1), options.MarketStep);
        Assert.Equal(500, options.SnapshotEvery);
    }

    [Theory]
    [InlineData("CAPITAL_GOVERNOR_POLICY", "random", "CAPITAL_GOVERNOR_POLICY must be score or inverse_volatility")]
    [InlineData("NL_TRADER_TICK_MS", "5", "NL_TRADER_TICK_MS must be between 10 and 600000")]
    [InlineData("NL_TRADER_CAPITAL", "NaN", "NL_TRADER_CAPITAL must be between 1 and 1000000000000")]
    [InlineData("NL_TRADER_SNAPSHOT_STEPS", "0", "NL_TRADER_SNAPSHOT_STEPS must be between 1 and 1000000")]
    [InlineData("CAPITAL_GOVERNOR_MIN_ALLOC", "0.5", "CAPITAL_GOVERNOR_MIN_ALLOC must not exceed CAPITAL_GOVERNOR_MAX_ALLOC")]
    public void A_bad_value_is_refused_naming_the_variable(string variable, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Read(new() { [variable] = value }));
        Assert.Contains(expected, string.Join("; ", failure.Failures));
    }
}
