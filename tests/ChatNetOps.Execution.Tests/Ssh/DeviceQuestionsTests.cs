namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Execution.Ssh;

/// <summary>Only an unfinished last line that ends like a device question counts; the same words inside output do not.</summary>
public sealed class DeviceQuestionsTests
{
    [Theory]
    [InlineData("acc-sw-01#clear counters\r\nClear \"show interface\" counters on all interfaces [confirm]", "Clear \"show interface\" counters on all interfaces [confirm]")]
    [InlineData("acc-sw-01#reload\r\nSystem configuration has been modified. Save? [yes/no]: ", "System configuration has been modified. Save? [yes/no]:")]
    [InlineData("Reset ALL OSPF processes? [no]: ", "Reset ALL OSPF processes? [no]:")]
    [InlineData("fw # execute reboot\nThis operation will reboot the system !\nDo you want to continue? (y/n)", "Do you want to continue? (y/n)")]
    [InlineData("dist-sw-01# reload\nThis command will reboot the system. (y/n)?  [n] ", "This command will reboot the system. (y/n)?  [n]")]
    [InlineData("Delete flash:/old.bin? [y/n]", "Delete flash:/old.bin? [y/n]")]
    [InlineData("acc-sw-01>enable\r\nPassword: ", "Password:")]
    [InlineData("[sudo] password for netops: ", "[sudo] password for netops:")]
    [InlineData("Are you sure you want to clear all sessions?", "Are you sure you want to clear all sessions?")]
    [InlineData("Proceed with reload?", "Proceed with reload?")]
    [InlineData("Destination filename [startup-config]? ", "Destination filename [startup-config]?")]
    [InlineData("Address or name of remote host []?", "Address or name of remote host []?")]
    [InlineData("output\n\u001b[7mDo you want to continue? (y/n)\u001b[0m", "Do you want to continue? (y/n)")]
    public void TrailingQuestion_IsFound(string received, string question) =>
        Assert.Equal(question, DeviceQuestions.Find(received));

    [Theory]
    [InlineData("*Dec  6 23:01:13: %SYS-5-NOTE: operator answered (y/n) prompt with y, continuing\n")]
    [InlineData("logged command:clear counters [confirm]\nacc-sw-01#")]
    [InlineData("Are you sure? was asked and answered\n")]
    [InlineData("Do you want to continue? (y/n)\ny\nacc-sw-01#")]
    [InlineData("Interface Gi1/0/1 (y/n) flag set on port")]
    [InlineData("  Password: encrypted with type 9\n")]
    [InlineData("Password encryption is enabled")]
    [InlineData("acc-sw-01#")]
    [InlineData("fw-edge-01 (root) # ")]
    [InlineData(" --More-- ")]
    [InlineData("")]
    [InlineData("line one\nline two\n")]
    public void NoTrailingQuestion_IsNotFound(string received) =>
        Assert.Null(DeviceQuestions.Find(received));
}
