using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeoLight.Hosting;

/// <summary>
/// A polite stop, then the hard one, for a process and everything it started: SIGTERM to the whole tree
/// (so a service's host shuts down and flushes, and a shell's children do not outlive it), a grace
/// period, then SIGKILL to whatever is left.
/// </summary>
internal static class ProcessSignals
{
    private const int SIGTERM = 15, SIGKILL = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited) return;
            if (!OperatingSystem.IsLinux())
            {
                process.Kill(entireProcessTree: true);
                return;
            }
            var tree = new List<int> { process.Id };
            tree.AddRange(Descendants(process.Id));
            foreach (var pid in tree) Kill(pid, SIGTERM);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
            foreach (var pid in tree) Kill(pid, SIGKILL); // no-op for those already gone (ESRCH)
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }
    }

    /// <summary>Every process below <paramref name="root"/>, from /proc's parent links.</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid …: comm may hold spaces or parentheses, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1]);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked: it has no descendants to stop.
            }
        }
        var result = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.Count > 0)
            if (children.TryGetValue(pending.Dequeue(), out var list))
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Enqueue(child);
                }
        return result;
    }
}
