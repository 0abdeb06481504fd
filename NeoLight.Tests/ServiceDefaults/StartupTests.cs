using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.ServiceDefaults;

[Trait(TestCategories.Name, TestCategories.System)]
public class StartupTests
{
    /// <summary>
    /// The services read their configuration once: no reload watcher walks the content root (the working directory, here
    /// the temp folder with all its subfolders) and holds an inotify watch per folder.
    /// </summary>
    [Theory]
    [InlineData("NeoLight.RiskEngine")]
    [InlineData("NeoLight.Dashboard")]
    public async Task A_service_watches_no_folder_for_configuration_changes(string project)
    {
        using var folder = new TemporaryFolder();
        for (var i = 0; i < 20; i++) Directory.CreateDirectory(folder.File($"sub{i}"));
        await using var service = await BuiltService.StartAsync(project, new Dictionary<string, string>
        {
            ["RISK_STATE_PATH"] = folder.File("risk_state.json"),
            ["DASHBOARD_DB_PATH"] = folder.File("dashboard.db"),
            ["METRICS_PATH"] = folder.File("meta_metrics.json"),
        });
        var watches = Directory.GetFiles($"/proc/{service.ProcessId}/fdinfo")
            .Sum(fd => { try { return File.ReadLines(fd).Count(l => l.StartsWith("inotify wd:",
                StringComparison.Ordinal)); } catch (IOException) { return 0; } });
        Assert.Equal(0, watches);
    }
}
