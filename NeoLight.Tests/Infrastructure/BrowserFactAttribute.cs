namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// A test that drives Debian's Chromium. Where it is not installed it is skipped, except in CI (CI=true),
/// where .ci/run installs it and its absence must fail the run rather than hide it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"),
            "true", StringComparison.OrdinalIgnoreCase))
            Skip = $"{ChromiumPath} is not installed (apt-get install chromium); .ci/run installs it";
    }
}
