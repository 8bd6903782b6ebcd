package dev.lodestone.api;

/**
 * A map was named that does not exist in the cluster.
 *
 * <pre>{@code
 * grid.map("typo"); // NoSuchMapException: no map named 'typo' in cluster 'lodestone' ...
 * }</pre>
 */
public class NoSuchMapException extends GridException {

    private static final long serialVersionUID = 1L;

    private final String mapName;

    /**
     * @param mapName the missing map
     * @param cluster the cluster that was asked
     */
    public NoSuchMapException(String mapName, String cluster) {
        super("no map named '" + mapName + "' in cluster '" + cluster + "'; create it first with grid.createMap(\""
                + mapName + "\")");
        this.mapName = mapName;
    }

    /** The name that was asked for. */
    public String mapName() {
        return mapName;
    }
}
