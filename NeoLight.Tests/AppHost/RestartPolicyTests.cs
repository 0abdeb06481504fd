using NeoLight.AppHost.Extensions;

namespace NeoLight.Tests.AppHost;

/// <summary>The restart policy's two rules, on their own: the back-off and what counts as a crash loop.</summary>
public class RestartPolicyTests
{
    [Fact]
    public void The_back_off_doubles_from_the_initial_delay_up_to_its_cap()
    {
        var defaults = new RestartPolicy();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(n => defaults.DelayBeforeRestart(n).TotalSeconds));
        var quick = new RestartPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        Assert.Equal([100, 200, 400, 800, 1000], Enumerable.Range(1, 5).Select(n => quick.DelayBeforeRestart(n).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.DelayBeforeRestart(10_000)); // no overflow however many restarts
    }

    [Fact]
    public void A_crash_loop_is_enough_exits_inside_the_window()
    {
        var policy = new RestartPolicy(); // 5 exits within 60 s
        var now = DateTimeOffset.UnixEpoch.AddHours(1);
        DateTimeOffset[] spread = [now.AddSeconds(-240), now.AddSeconds(-180), now.AddSeconds(-120), now.AddSeconds(-61), now];
        Assert.False(policy.IsCrashLoop(spread, now));
        DateTimeOffset[] burst = [now.AddSeconds(-50), now.AddSeconds(-40), now.AddSeconds(-20), now.AddSeconds(-5), now];
        Assert.True(policy.IsCrashLoop(burst, now));
        Assert.False(policy.IsCrashLoop(burst[1..], now)); // four are not five
    }
}
