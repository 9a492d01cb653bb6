// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommitmentTrees} from "../libraries/CommitmentTrees.sol";
import {OpDescriptors} from "../libraries/OpDescriptors.sol";
import {TensorBytes} from "../libraries/TensorBytes.sol";
import {ArgmaxVerifier} from "../dispute/verifiers/ArgmaxVerifier.sol";
import {ElementwiseVerifier} from "../dispute/verifiers/ElementwiseVerifier.sol";
import {LayoutVerifier} from "../dispute/verifiers/LayoutVerifier.sol";
import {MatmulVerifier} from "../dispute/verifiers/MatmulVerifier.sol";

/// @notice Test-only: exposes the commitment libraries and the one-step verifiers, so tests can
/// check them against the TypeScript runtime's golden and random vectors.
contract OneStepHarness {
    function tensorRoot(
        bytes calldata elements,
        uint256 rows,
        uint256 cols,
        uint8 dtype
    ) external pure returns (bytes32) {
        return CommitmentTrees.tensorRoot(elements, rows, cols, dtype);
    }

    function initialStateRoot(
        bytes calldata input,
        uint256 rows,
        uint256 cols,
        uint8 dtype,
        uint256 depth
    ) external pure returns (bytes32) {
        return CommitmentTrees.initialStateRoot(CommitmentTrees.tensorRoot(input, rows, cols, dtype), depth);
    }

    function paramsRoot(uint256 count, bytes32 treeRoot) external pure returns (bytes32) {
        return CommitmentTrees.paramsRoot(count, treeRoot);
    }

    function rowRoot(bytes calldata row, uint256 chunks) external pure returns (bytes32) {
        return CommitmentTrees.rowRoot(row, chunks);
    }

    function verify(
        bytes32 root,
        bytes32 node,
        uint256 index,
        bytes32[] calldata siblings,
        uint256 depth
    ) external pure returns (bool) {
        return CommitmentTrees.verify(root, node, index, siblings, depth);
    }

    function zeroChunkSubtree(uint256 h) external pure returns (bytes32) {
        return CommitmentTrees.zeroChunkSubtree(h);
    }

    function zeroValueSubtree(uint256 h) external pure returns (bytes32) {
        return CommitmentTrees.zeroValueSubtree(h);
    }

    function leaf(OpDescriptors.OpDescriptor calldata d) external pure returns (bytes32) {
        return OpDescriptors.leaf(d);
    }

    function element(bytes calldata data, uint256 index, uint8 dtype) external pure returns (int256) {
        return TensorBytes.element(data, index, dtype);
    }

    function matmul(
        OpDescriptors.OpDescriptor calldata d,
        bytes calldata x,
        bytes calldata w,
        int256 bias
    ) external pure returns (int256) {
        return MatmulVerifier.element(d, x, w, bias);
    }

    function add(OpDescriptors.OpDescriptor calldata d, int256 a, int256 b) external pure returns (int256) {
        return ElementwiseVerifier.add(d, a, b);
    }

    function lut(bytes calldata table, int256 x) external pure returns (int256) {
        return ElementwiseVerifier.lut(table, x);
    }

    function gatherRow(int256 index, uint256 tableRows) external pure returns (uint256) {
        return LayoutVerifier.gatherRow(index, tableRows);
    }

    function concatSource(
        OpDescriptors.OpDescriptor calldata d,
        uint256 aRows,
        uint256 aCols,
        uint256 r,
        uint256 c
    ) external pure returns (bool, uint256, uint256) {
        return LayoutVerifier.concatSource(d, aRows, aCols, r, c);
    }

    function sliceSource(
        OpDescriptors.OpDescriptor calldata d,
        uint256 r,
        uint256 c
    ) external pure returns (uint256, uint256) {
        return LayoutVerifier.sliceSource(d, r, c);
    }

    function reshapeSource(
        OpDescriptors.OpDescriptor calldata d,
        uint256 inputCols,
        uint256 r,
        uint256 c
    ) external pure returns (uint256, uint256) {
        return LayoutVerifier.reshapeSource(d, inputCols, r, c);
    }

    function argmax(bytes calldata row, uint256 cols, uint8 dtype) external pure returns (int256) {
        return ArgmaxVerifier.argmax(row, cols, dtype);
    }
}
