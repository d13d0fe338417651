namespace Microsoft.Xrm.Sdk.Query;

/// <summary>The attributes a retrieve or query returns: all of them, or the named ones.</summary>
public sealed class ColumnSet
{
    /// <summary>Initializes a new column set that names no columns; a retrieve with it returns only the id.</summary>
    public ColumnSet()
    {
    }

    /// <summary>Initializes a new column set that returns every attribute, or none.</summary>
    /// <param name="allColumns">True for every attribute.</param>
    public ColumnSet(bool allColumns)
    {
        AllColumns = allColumns;
    }

    /// <summary>Initializes a new column set that returns the named attributes.</summary>
    /// <param name="columns">The attributes' logical names.</param>
    public ColumnSet(params string[] columns)
    {
        AddColumns(columns);
    }

    /// <summary>Gets or sets a value indicating whether every attribute is returned, whatever <see cref="Columns"/> holds.</summary>
    public bool AllColumns { get; set; }

    /// <summary>Gets the logical names of the attributes to return.</summary>
    public DataCollection<string> Columns { get; } = [];

    /// <summary>Adds one attribute to return.</summary>
    /// <param name="column">The attribute's logical name.</param>
    public void AddColumn(string column)
    {
        Guard.NotNullOrEmpty(column, nameof(column));
        Columns.Add(column);
    }

    /// <summary>Adds attributes to return.</summary>
    /// <param name="columns">The attributes' logical names.</param>
    public void AddColumns(params string[] columns)
    {
        Guard.NotNull(columns, nameof(columns));
        foreach (var column in columns)
        {
            AddColumn(column);
        }
    }
}
