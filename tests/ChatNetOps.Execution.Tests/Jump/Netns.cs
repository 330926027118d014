namespace ChatNetOps.Execution.Tests.Jump;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

/// <summary>
/// Network namespaces for the jump host tests (<c>ip netns</c>, veth pairs): whether this machine can make them, and a
/// listening socket inside one (for a stand-in server that only a jump host can reach).
/// </summary>
internal static class Netns
{
    private const int CloneNewNet = 0x40000000;

    private static readonly Lazy<string?> Probe = new(ProbeOnce);

    /// <summary>Why network namespaces cannot be used here, or null when they can.</summary>
    public static string? UnavailableReason => Probe.Value;

    /// <summary>
    /// A TCP socket bound and listening inside namespace <paramref name="netns"/>, as a file descriptor the caller owns
    /// (Kestrel's <c>ListenHandle</c> takes it over) and the port it got. A socket keeps the namespace it was created
    /// in, so a short-lived thread enters the namespace, creates it and ends.
    /// </summary>
    public static (ulong Handle, int Port) ListenHandle(string netns, IPEndPoint endPoint)
    {
        using var socket = Listen(netns, endPoint);
        var handle = Dup((int)socket.Handle);
        if (handle < 0)
        {
            throw new InvalidOperationException($"dup failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return ((ulong)handle, ((IPEndPoint)socket.LocalEndPoint!).Port);
    }

    private static Socket Listen(string netns, IPEndPoint endPoint)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/var/run/netns", netns));
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns({netns}) failed with errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(endPoint);
                socket.Listen(64);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"could not listen in network namespace {netns}", failure);
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(int fd, int nsType);

    private static string? ProbeOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces exist on Linux only";
        }

        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return "creating network namespaces (ip netns add) needs root";
        }

        if (!File.Exists("/usr/sbin/ip"))
        {
            return "/usr/sbin/ip (iproute2) is missing";
        }

        var name = "cnoprobe" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, error) = Run("netns", "add", name);
        if (code != 0)
        {
            return $"ip netns add failed here: {error.Trim()}";
        }

        Run("netns", "del", name);
        return null;
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/sbin/ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return (process.HasExited ? process.ExitCode : -1, error);
    }
}
