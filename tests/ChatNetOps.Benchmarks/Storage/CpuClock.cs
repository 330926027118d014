namespace ChatNetOps.Benchmarks.Storage;

using System.Diagnostics;
using System.Globalization;

/// <summary>Process CPU time over a phase, so figures taken on a shared, busy machine can be read for what they are.</summary>
internal readonly struct CpuClock
{
    private readonly TimeSpan _start;

    private CpuClock(TimeSpan start) => _start = start;

    public TimeSpan Elapsed => Process.GetCurrentProcess().TotalProcessorTime - _start;

    public static CpuClock Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public static string Describe(TimeSpan cpu, TimeSpan wall) =>
        string.Create(CultureInfo.InvariantCulture, $"cpu {cpu.TotalSeconds:F2} s / wall {wall.TotalSeconds:F2} s");
}
