using System.Diagnostics;

namespace NeoLight.Tests.Infrastructure;

/// <summary>No orphans: a service whose parent (the AppHost) dies without a word exits by itself.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class ParentProcessWatcherTests
{
    [Fact]
    public async Task A_service_exits_within_seconds_when_its_parent_is_killed()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            await using var service = await BuiltService.StartAsync("NeoLight.RiskEngine", new Dictionary<string, string>
            {
                ["RISK_STATE_PATH"] = Path.Combine(folder, "risk_state.json"),
                ["NEOLIGHT_PARENT_PID"] = parent.Id.ToString(),
            });
            parent.Kill(); // SIGKILL, as kill -9 of the AppHost
            parent.WaitForExit();
            var clock = Stopwatch.StartNew();
            Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the service outlived its parent by 15 s:\n"
                + service.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15));
            Assert.Contains("Parent process", service.Output);
        }
    }
}
