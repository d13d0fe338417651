namespace TestPlugins.Violations;

/// <summary>Disallowed calls placed after IL the scanner has to step over correctly.</summary>
public static class ControlFlow
{
    /// <summary>A dense switch compiles to the IL switch opcode, whose jump table sits between it and the File call.</summary>
    public static string ReadAfterSwitch(int day)
    {
        var name = day switch
        {
            0 => "sunday",
            1 => "monday",
            2 => "tuesday",
            3 => "wednesday",
            _ => "someday",
        };
        return File.ReadAllText(name);
    }
}
