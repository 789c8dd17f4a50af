package dev.custody.agent.ledger;

import java.util.List;

/**
 * One ownership bug.
 *
 * @param kind what went wrong
 * @param objectType the object's type, e.g. {@code Buffer}, {@code MeshBuffer}, {@code Program}
 * @param objectId the object's unique id (Buffer.uniqueId, Program.id) or identity hash
 * @param size bytes concerned (0 if none)
 * @param bufferType the buffer type name, e.g. {@code DRAM}, or empty
 * @param device {@code device N} or {@code mesh N}
 * @param allocator the allocator that owns the address, e.g. {@code allocator of mesh 0}
 * @param address the device address, or -1 if none
 * @param ownerChain who owns whom, e.g. {@code Buffer#14 (view) → Buffer#12 (root)}
 * @param when the moment of detection: {@code at exit}, {@code at device close}, …
 * @param sites the sites, most recent first
 * @param details further lines (the runtime's message, the buffers involved)
 * @param objects how many objects the finding stands for: 1, except for the count of rules-file resources collected
 *     without release at one site beyond the ones listed one by one
 */
public record Finding(
        FindingKind kind,
        String objectType,
        long objectId,
        long size,
        String bufferType,
        String device,
        String allocator,
        long address,
        String ownerChain,
        String when,
        List<SiteRef> sites,
        List<String> details,
        long objects) {
    /**
     * Creates a finding; lists are copied.
     *
     * @throws IllegalArgumentException if {@code objects} is below 1
     */
    public Finding {
        sites = List.copyOf(sites);
        details = List.copyOf(details);
        if (objects < 1) {
            throw new IllegalArgumentException("objects=" + objects + ": a finding stands for at least one object");
        }
    }

    /** Creates a finding on one object; lists are copied. */
    public Finding(
            FindingKind kind,
            String objectType,
            long objectId,
            long size,
            String bufferType,
            String device,
            String allocator,
            long address,
            String ownerChain,
            String when,
            List<SiteRef> sites,
            List<String> details) {
        this(
                kind,
                objectType,
                objectId,
                size,
                bufferType,
                device,
                allocator,
                address,
                ownerChain,
                when,
                sites,
                details,
                1);
    }

    /** Returns {@code Buffer#12}-style object text. */
    public String object() {
        return objectType + "#" + objectId;
    }

    /**
     * Returns whether the object is a resource a rules file names rather than device memory: it has no allocator, and
     * its size, device and address mean nothing.
     */
    public boolean isRulesResource() {
        return allocator.isEmpty() && address < 0;
    }

    /** Returns the site of the first entry labelled {@code label}, or null. */
    public SiteRef site(String label) {
        for (SiteRef s : sites) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }
}
