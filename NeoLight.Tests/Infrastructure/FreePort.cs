using System.Net;
using System.Net.Sockets;

namespace NeoLight.Tests.Infrastructure;

/// <summary>The one place tests get a loopback port from.</summary>
public static class FreePort
{
    /// <summary>
    /// A free port below Linux's ephemeral range (32768–60999): the OS (and so Aspire, for every randomized port and proxy
    /// target) hands out ephemeral ports, so a port picked there could be taken between the pick and its use.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port in 20000-32000");
    }
}
