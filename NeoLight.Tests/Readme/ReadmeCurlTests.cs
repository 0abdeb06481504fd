using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using NeoLight.Tests.Dashboard;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Readme;

/// <summary>
/// The README's curl examples work as written: every one aimed at the risk engine (8300) or the dashboard (8100) is read
/// from the README, its method, headers and body taken as the shell would, and sent to that service; each must answer 2xx.
/// </summary>
public sealed partial class ReadmeCurlTests
{
    [Fact]
    public async Task Every_curl_example_for_the_risk_engine_and_the_dashboard_answers_2xx()
    {
        var commands = CurlCommands(File.ReadAllText(ReadmePath())).ToList();
        using var engine = new RiskEngineFactory();
        using var dashboard = new DashboardFactory();
        using var risk = engine.CreateClient();
        using var board = dashboard.CreateClient();
        var sent = 0;
        foreach (var command in commands)
        {
            var call = Curl.Parse(command);
            var client = call.Url.Port switch { 8300 => risk, 8100 => board, _ => null };
            if (client is null) continue; // the agents' examples need a running trader: the system tests cover them
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url.PathAndQuery);
            foreach (var (name, value) in call.Headers)
                if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Headers.TryAddWithoutValidation(name, value);
            if (call.Body is not null)
                request.Content = new StringContent(call.Body, Encoding.UTF8, call.ContentType ?? "application/x-www-form-urlencoded");
            if (call.ContentType is { } type && request.Content is not null)
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            using var answer = await client.SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode,
                $"README: {command}\nanswered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            sent++;
        }
        Assert.True(sent >= 30, $"only {sent} curl examples were found for the risk engine and the dashboard");
    }

    [Fact]
    public void The_shell_words_of_an_example_are_read_as_the_shell_reads_them()
    {
        var call = Curl.Parse("""
            curl -X POST http://localhost:8300/risk/reset -H "Content-Type: application/json" -H "X-Api-Key: $NEOLIGHT_API_KEY" \
              -d '{"book":
            "paper"}'   # a comment
            """);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/risk/reset", call.Url.AbsolutePath);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal("{\"book\":\n\"paper\"}", call.Body);
        Assert.Contains(("X-Api-Key", ""), call.Headers); // an unset variable is empty, as in the shell
    }

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "NeoLight.sln")))
                return Path.Combine(dir.FullName, "README.md");
        throw new FileNotFoundException("README.md above the test's folder");
    }

    /// <summary>Each curl command of the README's code blocks, with its continuation lines and multi-line quoted bodies.</summary>
    private static IEnumerable<string> CurlCommands(string readme)
    {
        var lines = readme.Split('\n');
        var inCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (!inCode || !lines[i].StartsWith("curl ", StringComparison.Ordinal)) continue;
            var command = new StringBuilder(lines[i]);
            while ((Curl.OpenQuote(command.ToString()) || command.ToString().TrimEnd().EndsWith('\\')) && i + 1 < lines.Length)
                command.Append('\n').Append(lines[++i]);
            yield return command.ToString();
        }
    }

    private sealed record Curl(string Method, Uri Url, List<(string Name, string Value)> Headers, string? Body)
    {
        public string? ContentType => Headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

        public static Curl Parse(string command)
        {
            var words = Words(command);
            string? method = null, body = null;
            Uri? url = null;
            var headers = new List<(string, string)>();
            for (var i = 1; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-X": method = words[++i]; break;
                    case "-H": var h = words[++i].Split(':', 2); headers.Add((h[0].Trim(), h[1].Trim())); break;
                    case "-d" or "--data" or "--data-binary": body = words[++i]; break;
                    case var w when w.StartsWith("http", StringComparison.Ordinal): url = new Uri(w); break;
                }
            }
            return new Curl(method ?? (body is null ? "GET" : "POST"), url!, headers, body);
        }

        /// <summary>Whether a single or double quote is still open at the end of <paramref name="text"/>.</summary>
        public static bool OpenQuote(string text)
        {
            char? open = null;
            foreach (var c in text)
                if (open is null && c is '\'' or '"') open = c;
                else if (c == open) open = null;
            return open is not null;
        }

        /// <summary>Shell words: quotes, backslash-newline, <c>$NAME</c> outside single quotes, a <c>#</c> comment.</summary>
        private static List<string> Words(string command)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var inWord = false;
            char? quote = null;
            for (var i = 0; i < command.Length; i++)
            {
                var c = command[i];
                if (quote is null && c == '\\' && i + 1 < command.Length && command[i + 1] == '\n') { i++; continue; }
                if (quote is null && c == '#' && !inWord) break;
                if (quote is null && char.IsWhiteSpace(c))
                {
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    continue;
                }
                inWord = true;
                if (quote is null && c is '\'' or '"') { quote = c; continue; }
                if (c == quote) { quote = null; continue; }
                if (quote != '\'' && c == '$' && Variable().Match(command, i) is { Success: true } name)
                {
                    word.Append(Environment.GetEnvironmentVariable(name.Value[1..]) ?? "");
                    i += name.Length - 1;
                    continue;
                }
                word.Append(c);
            }
            if (inWord) words.Add(word.ToString());
            return words;
        }
    }

    [GeneratedRegex(@"\G\$[A-Z_][A-Z0-9_]*")]
    private static partial Regex Variable();
}
