using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeoLight.Dashboard;

namespace NeoLight.Tests.Dashboard;

/// <summary>The dashboard's settings: bound from its variables, converted to the code's units, a bad value refused at start.</summary>
public sealed class DashboardSettingsTests
{
    [Fact]
    public void Variables_are_bound_and_converted()
    {
        using var dashboard = new DashboardFactory(new()
        {
            ["DASHBOARD_QUEUE_WAIT_MS"] = "250", ["DASHBOARD_RETENTION_DAYS"] = "7", ["DASHBOARD_SQLITE_SYNC"] = "full",
        });
        var options = dashboard.Services.GetRequiredService<DashboardOptions>();
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.QueueWait);
        Assert.Equal(TimeSpan.FromDays(7), options.RetentionAge);
        Assert.Equal("FULL", options.Synchronous);
        Assert.Equal(100, options.QueueCapacity); // the default
        Assert.Equal(dashboard.MetricsPath, options.MetricsPath);
    }

    [Theory]
    [InlineData("DASHBOARD_QUEUE_CAPACITY", "0", "DASHBOARD_QUEUE_CAPACITY must be between 1 and 1000000")]
    [InlineData("DASHBOARD_SQLITE_SYNC", "OFF", "DASHBOARD_SQLITE_SYNC must be NORMAL or FULL")]
    [InlineData("DASHBOARD_RETENTION_DAYS", "soon", "DASHBOARD_RETENTION_DAYS")]
    public void A_bad_value_stops_the_start_naming_the_variable(string variable, string value, string expected)
    {
        // The dashboard's own registration, on its own: what its start checks (ValidateOnStart) before serving.
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new(variable, value)]).Build())
            .AddDashboardOptions().BuildServiceProvider();
        var failure = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<DashboardOptions>());
        var message = failure is OptionsValidationException invalid ? string.Join("; ", invalid.Failures) : failure.Message;
        Assert.Contains(expected, message);
    }
}
