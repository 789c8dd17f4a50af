package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.Sites;
import java.util.ArrayList;
import java.util.List;

/** Builds findings from ledger records: object, owner chain, sites and detail lines. */
final class FindingFactory {
    private static final int MAX_LISTED = 16;

    Finding leak(Allocation a, String when) {
        List<String> details = new ArrayList<>();
        FindingKind kind = FindingKind.LEAK;
        if (a.pools().length > 0) {
            kind = FindingKind.PROGRAM_POOL_LEAK;
            for (ProgramRecord p : a.pools()) {
                details.add("held only by the buffer pool of Program#" + p.id
                        + ", which was never closed and never released its buffers");
            }
        }
        if (a.marked) {
            details.add(
                    "markAsDeallocated() was called while the memory was allocated: the runtime will never free it");
        }
        List<SiteRef> sites = new ArrayList<>();
        sites.add(site("allocated", a.allocSite, a.allocStack()));
        for (ProgramRecord p : a.pools()) {
            sites.add(site("added to the pool of Program#" + p.id, p.addSite, null));
        }
        return finding(kind, a, when, sites, details);
    }

    Finding meshClosedLive(Allocation a, String meshDevice, int closeSite, SiteRef released) {
        MeshRecord m = a.mesh();
        String what = m != null ? m.label() + " (" + m.localUids.length + " device-local aliases)" : a.owner();
        List<String> details = List.of(what + " was still allocated when " + meshDevice + " closed"
                + (released != null ? "; it was released only afterwards" : " and was never released"));
        List<SiteRef> sites = new ArrayList<>();
        sites.add(site(meshDevice + " closed", closeSite, null));
        if (released != null) {
            sites.add(relabel(released, "released after close"));
        }
        sites.add(site("allocated", m != null ? m.createSite : a.allocSite, a.allocStack()));
        return new Finding(
                FindingKind.MESH_CLOSED_LIVE,
                m != null ? "MeshBuffer" : "Buffer",
                a.ownerUid,
                a.size,
                Ledger.typeName(a.type),
                a.allocator.device(),
                a.allocator.label(),
                a.address,
                chain(a),
                "at close of " + meshDevice,
                sites,
                details);
    }

    Finding doubleFree(Allocation first, SiteRef here) {
        List<SiteRef> sites = List.of(
                relabel(here, "second free"),
                site("first free", first.freeSite, first.freeStack()),
                site("allocated", first.allocSite, first.allocStack()));
        return finding(FindingKind.DOUBLE_FREE, first, "at free", sites, List.of());
    }

    Finding unknownFree(AllocatorState state, int type, long address, SiteRef here) {
        return new Finding(
                FindingKind.UNKNOWN_FREE,
                "address",
                address,
                0,
                Ledger.typeName(type),
                state.device(),
                state.label(),
                address,
                "no owner: the allocator never handed out this address while tracked",
                "at free",
                List.of(relabel(here, "freed")),
                List.of("the runtime ignores a free of an unknown address silently"));
    }

    Finding aliasFree(
            long uid,
            long rootUid,
            String relation,
            Allocation target,
            AllocatorState state,
            int type,
            long address,
            long size,
            SiteRef here) {
        String chain = "Buffer#" + uid + " (" + relation + ")";
        if (target != null) {
            chain += " → " + rootChain(target, relation);
        } else if (rootUid != uid) {
            chain += " → Buffer#" + rootUid + " (root)";
        }
        List<SiteRef> sites = new ArrayList<>();
        sites.add(relabel(here, "freed through alias"));
        if (target != null) {
            sites.add(site("owner allocated", target.allocSite, target.allocStack()));
        }
        return new Finding(
                FindingKind.ALIAS_FREE,
                "Buffer",
                uid,
                size,
                Ledger.typeName(type),
                state.device(),
                target != null ? target.allocator.label() : state.label(),
                address,
                chain,
                "at free",
                sites,
                List.of("Buffer#" + uid
                        + " does not own its memory: the runtime ignores this free, the owner still holds"
                        + " the memory"));
    }

    Finding useAfterFree(
            long uid,
            long rootUid,
            String relation,
            Allocation freed,
            Allocation now,
            AllocatorState state,
            int type,
            long address,
            long size,
            int access,
            SiteRef here) {
        String chain = "Buffer#" + uid + (relation.isEmpty() ? "" : " (" + relation + ")");
        if (freed != null && freed.ownerUid != uid) {
            chain += " → " + rootChain(freed, relation);
        } else if (freed == null && rootUid != uid) {
            chain += " → Buffer#" + rootUid + " (root)";
        }
        List<String> details = new ArrayList<>();
        details.add(accessText(access, size) + " address 0x" + Long.toHexString(address) + " through Buffer#" + uid
                + ", whose memory was already freed");
        if (now != null) {
            details.add("the address now belongs to " + now.owner() + " (" + now.size + " bytes "
                    + Ledger.typeName(now.type) + ", allocated at " + Sites.describe(now.allocSite) + ")");
        }
        List<SiteRef> sites = new ArrayList<>();
        sites.add(relabel(here, accessLabel(access)));
        if (freed != null) {
            sites.add(site("freed", freed.freeSite, freed.freeStack()));
            sites.add(site("allocated", freed.allocSite, freed.allocStack()));
        }
        if (now != null) {
            sites.add(site("reallocated", now.allocSite, now.allocStack()));
        }
        return new Finding(
                FindingKind.USE_AFTER_FREE,
                "Buffer",
                uid,
                size,
                Ledger.typeName(type),
                state.device(),
                freed != null ? freed.allocator.label() : state.label(),
                address,
                chain,
                "at " + accessLabel(access),
                sites,
                details);
    }

    Finding meshUseAfterFree(MeshRecord m, Allocation target, Allocation now, int access, SiteRef here) {
        List<String> details = new ArrayList<>();
        details.add(accessText(access, m.size) + " " + m.label() + " after it was deallocated");
        if (now != null) {
            details.add("the address now belongs to " + now.owner() + " (allocated at " + Sites.describe(now.allocSite)
                    + ")");
        }
        List<SiteRef> sites = new ArrayList<>();
        sites.add(relabel(here, accessLabel(access)));
        if (m.deallocated) {
            sites.add(site("deallocated", m.deallocSite, null));
        }
        sites.add(site("allocated", m.createSite, null));
        return new Finding(
                FindingKind.USE_AFTER_FREE,
                "MeshBuffer",
                target.ownerUid,
                m.size,
                Ledger.typeName(m.type),
                m.allocator.device(),
                m.allocator.label(),
                m.address,
                m.label() + " → " + chain(target),
                "at " + accessLabel(access),
                sites,
                details);
    }

    Finding freeOrder(MeshRecord m, Allocation backing, SiteRef here) {
        List<String> details =
                List.of(m.label() + " retired its " + m.localUids.length + " device-local aliases while its backing "
                        + backing.owner() + " was still allocated (held by another reference): the backing must be"
                        + " freed first");
        return new Finding(
                FindingKind.FREE_ORDER,
                "MeshBuffer",
                backing.ownerUid,
                backing.size,
                Ledger.typeName(backing.type),
                m.allocator.device(),
                m.allocator.label(),
                m.address,
                chain(backing),
                "at close",
                List.of(relabel(here, "closed"), site("allocated", backing.allocSite, backing.allocStack())),
                details);
    }

    Finding outOfMemory(
            AllocatorState state, int type, long size, String message, List<Allocation> filling, SiteRef here) {
        List<String> details = new ArrayList<>();
        details.add(message);
        long total = 0;
        for (Allocation a : filling) {
            total += a.size;
        }
        details.add(filling.size() + " live " + Ledger.typeName(type) + " buffers hold " + total + " bytes:");
        for (int i = 0; i < filling.size() && i < MAX_LISTED; i++) {
            Allocation a = filling.get(i);
            details.add("  " + a.owner() + ": " + a.size + " bytes at 0x" + Long.toHexString(a.address)
                    + ", allocated at " + Sites.describe(a.allocSite));
        }
        if (filling.size() > MAX_LISTED) {
            details.add("  … and " + (filling.size() - MAX_LISTED) + " more");
        }
        return new Finding(
                FindingKind.OUT_OF_MEMORY,
                "request",
                0,
                size,
                Ledger.typeName(type),
                state.device(),
                state.label(),
                -1,
                "none: the allocation failed",
                "at allocation",
                List.of(relabel(here, "requested")),
                details);
    }

    Finding cbClash(
            long programId,
            AllocatorState state,
            String coreRange,
            long lowest,
            long end,
            String message,
            List<Allocation> below,
            SiteRef here) {
        List<String> details = new ArrayList<>();
        details.add(message);
        details.add("static circular buffer region of Program#" + programId + " on core range " + coreRange
                + " ends at " + end);
        if (!below.isEmpty()) {
            details.add(below.size() + " L1 buffer(s) lie below " + end + ":");
        }
        for (int i = 0; i < below.size() && i < MAX_LISTED; i++) {
            Allocation a = below.get(i);
            details.add("  " + a.owner() + ": " + a.size + " bytes at " + a.address + ", allocated at "
                    + Sites.describe(a.allocSite));
        }
        if (below.size() > MAX_LISTED) {
            details.add("  … and " + (below.size() - MAX_LISTED) + " more");
        }
        return new Finding(
                FindingKind.CB_CLASH,
                "Program",
                programId,
                lowest >= 0 ? end - lowest : 0,
                "L1",
                state.device(),
                state.label(),
                lowest,
                "Program#" + programId + " static circular buffers",
                "at enqueue",
                List.of(relabel(here, "validated")),
                details);
    }

    Finding ruleLeak(RuleRecord r, String when) {
        return ruleFinding(
                FindingKind.LEAK, r, name(r), when, List.of(site("acquired", r.allocSite, r.allocStack)), List.of());
    }

    Finding ruleUseAfterRelease(RuleRecord r, String method, SiteRef here) {
        return ruleFinding(
                FindingKind.USE_AFTER_FREE,
                r,
                name(r),
                "at use",
                List.of(
                        relabel(here, "used"),
                        site("released", r.freeSite, null),
                        site("acquired", r.allocSite, r.allocStack)),
                List.of(method + "() called on " + name(r) + ", whose resource was already released"));
    }

    Finding ruleAliasRelease(RuleRecord alias, SiteRef here) {
        String chain = name(alias) + " (alias)" + (alias.owner != null ? " → " + name(alias.owner) : "");
        List<SiteRef> sites = new ArrayList<>();
        sites.add(relabel(here, "released through alias"));
        sites.add(site("alias acquired", alias.allocSite, null));
        if (alias.owner != null) {
            sites.add(site("owner acquired", alias.owner.allocSite, alias.owner.allocStack));
        }
        return ruleFinding(
                FindingKind.ALIAS_FREE,
                alias,
                chain,
                "at release",
                sites,
                List.of("the rules say this object does not own its resource: releasing it is a latent bug"));
    }

    /**
     * The rules-file resources collected without release at {@code first}'s site beyond the ones listed one by one.
     */
    Finding ruleCollectedBeyond(RuleRecord first, long more, int listed) {
        return new Finding(
                FindingKind.LEAK,
                first.type,
                0,
                0,
                "",
                "",
                "",
                -1,
                more + " more like " + name(first),
                Ledger.COLLECTED,
                List.of(site("acquired", first.allocSite, first.allocStack)),
                List.of(more + " more " + first.type
                        + " objects acquired here were collected without release; the first " + listed
                        + " are listed one by one"),
                more);
    }

    /** {@code type@identity}, as a rules-file resource is named in owner chains and details. */
    private static String name(RuleRecord r) {
        return r.type + "@" + Integer.toHexString(r.identity);
    }

    /** A finding on a rules-file resource: no size, device, allocator or address. */
    private static Finding ruleFinding(
            FindingKind kind, RuleRecord r, String chain, String when, List<SiteRef> sites, List<String> details) {
        return new Finding(kind, r.type, r.identity, 0, "", "", "", -1, chain, when, sites, details);
    }

    private static Finding finding(
            FindingKind kind, Allocation a, String when, List<SiteRef> sites, List<String> details) {
        return new Finding(
                kind,
                a.ownerUid < 0 ? "allocation" : "Buffer",
                a.ownerUid < 0 ? a.address : a.ownerUid,
                a.size,
                Ledger.typeName(a.type),
                a.allocator.device(),
                a.allocator.label(),
                a.address,
                chain(a),
                when,
                sites,
                details);
    }

    static String chain(Allocation a) {
        StringBuilder sb = new StringBuilder(a.owner());
        MeshRecord mesh = a.mesh();
        if (mesh != null) {
            sb.append(" (backing) → ").append(mesh.label());
        }
        for (ProgramRecord p : a.pools()) {
            sb.append(" → pool → Program#").append(p.id);
        }
        return sb.toString();
    }

    private static String rootChain(Allocation target, String relation) {
        String chain = chain(target);
        return relation.equals("view") ? chain.replaceFirst("^(Buffer#\\d+)", "$1 (root)") : chain;
    }

    static SiteRef site(String label, int site, Throwable stack) {
        List<String> frames = new ArrayList<>();
        if (stack != null) {
            boolean inAgent = true;
            for (StackTraceElement e : stack.getStackTrace()) {
                if (inAgent && isTracker(e.getClassName())) {
                    continue;
                }
                inAgent = false;
                frames.add(e.toString());
            }
        }
        return new SiteRef(label, Sites.describe(site), frames);
    }

    private static boolean isTracker(String className) {
        return className.equals(Ledger.class.getName())
                || className.equals(FindingFactory.class.getName())
                || className.startsWith("dev.custody.agent.bootstrap.");
    }

    private static SiteRef relabel(SiteRef s, String label) {
        return new SiteRef(label, s.site(), s.stack());
    }

    private static String accessLabel(int access) {
        return access == Custody.READ ? "read" : access == Custody.WRITE ? "write" : "address()";
    }

    private static String accessText(int access, long size) {
        return access == Custody.READ
                ? "READ of " + size + " bytes at"
                : access == Custody.WRITE ? "WRITE of " + size + " bytes at" : "address() of";
    }

    static String oneLine(Finding f) {
        return f.kind().text() + " on " + f.object() + " (" + f.size() + " bytes " + f.bufferType() + ", "
                + f.device() + ", address 0x" + Long.toHexString(Math.max(f.address(), 0)) + ") "
                + (f.sites().isEmpty()
                        ? ""
                        : f.sites().get(0).label() + " " + f.sites().get(0).site());
    }
}
